package dev.homeshelves.embeddings.scale;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.format.VectorFormat;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A catalog of any size with genre structure, and the recommender's files for it, written
 * directly (no corpus to train on): {@code songs.tsv} (id, title, artist, genre),
 * {@code vectors.bin} (word2vec binary; a track's vector is its genre's centre plus its
 * artist's offset plus its own noise), {@code vectors.bin.counts.tsv} (Zipf-like play counts)
 * and {@code vectors.bin.cooc.tsv} (for each track at most {@code neighbours} followers, from
 * its artist and its genre, more for popular tracks). Everything follows from the seed.
 *
 * @param tracks catalog size
 * @param dim vector dimension
 * @param genres genre clusters
 * @param neighbours most co-occurring followers written per track
 * @param seed the random seed
 */
public record ScaleDataset(int tracks, int dim, int genres, int neighbours, long seed) {
  public ScaleDataset {
    if (tracks < 2) {
      throw new IllegalArgumentException("--tracks must be >= 2, was " + tracks);
    }
    if (dim < 1) {
      throw new IllegalArgumentException("--dim must be >= 1, was " + dim);
    }
    if (genres < 1 || genres > tracks) {
      throw new IllegalArgumentException("--genres must be in 1.." + tracks + ", was " + genres);
    }
    if (neighbours < 1) {
      throw new IllegalArgumentException("--cooccurrence-neighbours must be >= 1, was " + neighbours);
    }
  }

  /** About one genre per 25,000 tracks: 40 at 10^6; at least 8. */
  public static int defaultGenres(int tracks) {
    return Math.max(8, Math.min(tracks, tracks / 25_000));
  }

  /** One written file and the step that wrote it. */
  public record Written(Path file, long bytes, double seconds) {}

  private static final int MEAN_TRACKS_PER_ARTIST = 12;
  private static final double ARTIST_SPREAD = 0.6;
  private static final double TRACK_NOISE = 0.5;

  /** Writes the four files into {@code dir} (created if missing); {@code progress} hears each step. */
  public List<Written> write(Path dir, Consumer<String> progress) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(seed);
    List<Written> out = new ArrayList<>();

    long t = System.nanoTime();
    // Artists, each of one genre, with 1..23 tracks (mean 12), tracks numbered artist by artist.
    List<Integer> artistGenre = new ArrayList<>();
    int[] artistOf = new int[tracks];
    for (int track = 0; track < tracks; ) {
      int artist = artistGenre.size();
      artistGenre.add(random.nextInt(genres));
      int n = 1 + random.nextInt(2 * MEAN_TRACKS_PER_ARTIST - 1);
      for (int i = 0; i < n && track < tracks; i++) {
        artistOf[track++] = artist;
      }
    }
    int artists = artistGenre.size();
    int[] artistStart = new int[artists + 1];
    for (int track = 0; track < tracks; track++) {
      artistStart[artistOf[track] + 1] = track + 1;
    }
    int[][] genreTracks = genreTracks(artistOf, artistGenre);
    Names names = new Names(random.split());
    Path songs = dir.resolve("songs.tsv");
    try (BufferedWriter w = Files.newBufferedWriter(songs, StandardCharsets.UTF_8)) {
      w.write("id\ttitle\tartist\tgenre\n");
      String[] artistName = new String[artists];
      for (int a = 0; a < artists; a++) {
        artistName[a] = names.artist(a);
      }
      for (int track = 0; track < tracks; track++) {
        int a = artistOf[track];
        w.write(track + "\t" + names.title() + "\t" + artistName[a] + "\t" + names.genre(artistGenre.get(a)) + "\n");
      }
    }
    out.add(done(songs, t, progress, String.format("%,d tracks, %,d artists, %,d genres", tracks, artists, genres)));

    t = System.nanoTime();
    SplittableRandom vr = random.split();
    float[] centres = gaussians(vr, genres * dim, 1.0);
    float[] offsets = gaussians(vr, artists * dim, ARTIST_SPREAD);
    float[] data = new float[Math.multiplyExact(tracks, dim)];
    List<String> ids = new ArrayList<>(tracks);
    for (int track = 0; track < tracks; track++) {
      int a = artistOf[track];
      int g = artistGenre.get(a);
      for (int d = 0; d < dim; d++) {
        data[track * dim + d] = (float) (centres[g * dim + d] + offsets[a * dim + d] + TRACK_NOISE * gaussian(vr));
      }
      ids.add(Integer.toString(track));
    }
    Path vectors = dir.resolve("vectors.bin");
    VectorFiles.write(Embeddings.of(ids, data, dim), vectors, VectorFormat.BINARY);
    data = null;
    out.add(done(vectors, t, progress, String.format("%,d x %d, word2vec binary", tracks, dim)));

    t = System.nanoTime();
    // Popularity: a random rank per track, count = 1 + 20000 / (rank + 1)^0.75 (Zipf-like).
    SplittableRandom cr = random.split();
    int[] rank = new int[tracks];
    for (int i = 0; i < tracks; i++) {
      rank[i] = i;
    }
    for (int i = tracks - 1; i > 0; i--) {
      int j = cr.nextInt(i + 1);
      int swap = rank[i];
      rank[i] = rank[j];
      rank[j] = swap;
    }
    long[] count = new long[tracks];
    Path counts = RecommenderModel.countsFile(vectors);
    try (BufferedWriter w = Files.newBufferedWriter(counts, StandardCharsets.UTF_8)) {
      w.write("id\tcount\n");
      for (int track = 0; track < tracks; track++) {
        count[track] = 1 + (long) (20_000 / Math.pow(rank[track] + 1, 0.75));
        w.write(track + "\t" + count[track] + "\n");
      }
    }
    out.add(done(counts, t, progress, "Zipf-like counts"));

    t = System.nanoTime();
    // Followers: 2 + sqrt(count) of them, at most `neighbours`; half from the track's artist,
    // the rest from its genre; weights fall with the follower's position, heaviest first.
    Path cooc = RecommenderModel.coocFile(vectors);
    long pairs = 0;
    int[] picked = new int[neighbours];
    try (BufferedWriter w = Files.newBufferedWriter(cooc, StandardCharsets.UTF_8)) {
      w.write("id\tnext\tweight\n");
      for (int track = 0; track < tracks; track++) {
        int a = artistOf[track];
        int[] genre = genreTracks[artistGenre.get(a)];
        int want = (int) Math.min(neighbours, 2 + (long) Math.sqrt(count[track]));
        int n = 0;
        for (int attempt = 0; n < want && attempt < 4 * want; attempt++) {
          int own = artistStart[a + 1] - artistStart[a];
          int next = own > 1 && cr.nextBoolean()
              ? artistStart[a] + cr.nextInt(own)
              : genre[cr.nextInt(genre.length)];
          if (next != track && !contains(picked, n, next)) {
            picked[n++] = next;
          }
        }
        double top = Math.sqrt(count[track]);
        for (int i = 0; i < n; i++) {
          float weight = (float) (Math.round(100 * top / (i + 1)) / 100.0);
          w.write(track + "\t" + picked[i] + "\t" + Math.max(0.01f, weight) + "\n");
        }
        pairs += n;
      }
    }
    out.add(done(cooc, t, progress, String.format("%,d pairs, at most %d per track", pairs, neighbours)));
    return out;
  }

  private static boolean contains(int[] a, int n, int v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }

  private static int[][] genreTracks(int[] artistOf, List<Integer> artistGenre) {
    int genres = 0;
    for (int g : artistGenre) {
      genres = Math.max(genres, g + 1);
    }
    int[] size = new int[genres];
    for (int a : artistOf) {
      size[artistGenre.get(a)]++;
    }
    int[][] out = new int[genres][];
    for (int g = 0; g < genres; g++) {
      out[g] = new int[size[g]];
      size[g] = 0;
    }
    for (int track = 0; track < artistOf.length; track++) {
      int g = artistGenre.get(artistOf[track]);
      out[g][size[g]++] = track;
    }
    return out;
  }

  private static Written done(Path file, long t0, Consumer<String> progress, String what) throws IOException {
    double seconds = (System.nanoTime() - t0) / 1e9;
    long bytes = Files.size(file);
    progress.accept(String.format("wrote %s: %s, %,.1f MB in %.1fs", file.getFileName(), what, bytes / 1e6, seconds));
    return new Written(file, bytes, seconds);
  }

  private static float[] gaussians(SplittableRandom random, int n, double sd) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (sd * gaussian(random));
    }
    return out;
  }

  /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Plausible titles, artist and genre names from small word lists. */
  private static final class Names {
    private static final String[] ADJECTIVES = {"Golden", "Midnight", "Electric", "Silent", "Broken",
        "Wild", "Blue", "Neon", "Velvet", "Lonely", "Burning", "Crystal", "Hollow", "Sweet", "Distant",
        "Restless", "Silver", "Northern", "Faded", "Bright", "Secret", "Heavy", "Paper", "Frozen",
        "Endless", "Little", "Crimson", "Gentle", "Summer", "Winter"};
    private static final String[] NOUNS = {"Heart", "River", "Sky", "Fire", "Road", "Dream", "City",
        "Ocean", "Light", "Shadow", "Garden", "Storm", "Mirror", "Echo", "Horizon", "Rain", "Train",
        "Moon", "Highway", "Letter", "Window", "Island", "Mountain", "Radio", "Kingdom", "Signal",
        "Harbor", "Desert", "Forest", "Avenue"};
    private static final String[] FIRST = {"Mara", "Jonas", "Lena", "Theo", "Ada", "Milo", "Nora",
        "Felix", "Iris", "Oscar", "June", "Hugo", "Clara", "Leo", "Vera", "Arlo", "Maya", "Ezra"};
    private static final String[] LAST = {"Vance", "Okafor", "Lindqvist", "Moreau", "Castillo",
        "Hart", "Novak", "Reyes", "Sato", "Keller", "Brandt", "Quinn", "Dubois", "Adeyemi", "Rossi"};
    private static final String[] STYLES = {"Pop", "Rock", "Jazz", "Soul", "Folk", "House", "Techno",
        "Hip-Hop", "Blues", "Country", "Metal", "Reggae", "Funk", "Ambient", "Punk", "R&B", "Disco",
        "Grunge", "Trance", "Bossa Nova"};
    private static final String[] MOODS = {"", "Indie ", "Dream ", "Deep ", "Dark ", "Lo-fi ",
        "Acid ", "Nu ", "Psychedelic ", "Modern ", "Classic ", "Alt "};

    private final SplittableRandom random;

    Names(SplittableRandom random) {
      this.random = random;
    }

    String title() {
      String a = pick(ADJECTIVES);
      String n = pick(NOUNS);
      String title = switch (random.nextInt(4)) {
        case 0 -> a + " " + n;
        case 1 -> n + " of the " + pick(NOUNS);
        case 2 -> "The " + a + " " + n;
        default -> a + " " + n + "s";
      };
      return random.nextInt(10) == 0 ? title + " (Live)" : title;
    }

    /** Distinct for each artist: a name plus, past the word lists' combinations, a number. */
    String artist(int a) {
      int kinds = 3;
      int kind = a % kinds;
      int i = a / kinds;
      String name = switch (kind) {
        case 0 -> FIRST[i % FIRST.length] + " " + LAST[(i / FIRST.length) % LAST.length];
        case 1 -> "The " + ADJECTIVES[i % ADJECTIVES.length] + " " + NOUNS[(i / ADJECTIVES.length) % NOUNS.length] + "s";
        default -> NOUNS[i % NOUNS.length] + " " + NOUNS[(i / NOUNS.length) % NOUNS.length];
      };
      int round = kind == 0 ? i / (FIRST.length * LAST.length)
          : kind == 1 ? i / (ADJECTIVES.length * NOUNS.length) : i / (NOUNS.length * NOUNS.length);
      return round == 0 ? name : name + " " + (round + 1);
    }

    String genre(int g) {
      String name = MOODS[(g / STYLES.length) % MOODS.length] + STYLES[g % STYLES.length];
      int round = g / (STYLES.length * MOODS.length);
      return round == 0 ? name : name + " " + (round + 1);
    }

    private String pick(String[] words) {
      return words[random.nextInt(words.length)];
    }
  }
}
