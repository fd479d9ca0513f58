package dev.homeshelves.service.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Generates a deterministic demo dataset with genre structure: a catalog of tracks whose
 * artists and titles are drawn from each genre's own vocabulary, and playlists that mostly stay
 * within one genre and favour its popular tracks (Zipf-like), as real listening does. Same
 * seed, same files.
 */
public final class DemoDataGenerator {

  /** A genre: words for artist names and for titles. */
  private record Genre(String name, List<String> artistFirst, List<String> artistSecond, List<String> titleWords) {}

  private static final List<Genre> GENRES =
      List.of(
          new Genre("indie", words("The Paper, The Velvet, Glass, Neon, Quiet, Silver, The Lonely, Paper"),
              words("Lanterns, Foxes, Harbours, Animals, Satellites, Gardens, Arcades, Wolves"),
              words("Summer, Static, Polaroid, Runaway, Heart, Coastline, Midnight, Bicycle, Letters, Golden, Haze, Youth")),
          new Genre("hip-hop", words("Lil, Young, MC, Big, Yung, DJ, King, Kid"),
              words("Vandal, Cash, Rico, Nova, Saint, Ghost, Chase, Blaze"),
              words("Money, Hustle, Crown, Block, Flex, Drip, Legacy, Ride, Hood, Diamonds, Grind, Real")),
          new Genre("electronic", words("Deep, Kollektiv, Sub, Hyper, Echo, Digital, Lunar, Pulse"),
              words("Circuit, Signal, Frequency, Systems, Theory, Machine, Waves, Grid"),
              words("Afterglow, Voltage, Horizon, Drift, Binary, Strobe, Orbit, Resonance, Nightdrive, Prism, Flux, Tide")),
          new Genre("jazz", words("Miles, Ella, Duke, Nina, Charlie, Billie, Chet, Sonny"),
              words("Parker Trio, Holloway Quartet, Bennett, Coleman, Rivers, Blue Note Ensemble, Carter, Wilson"),
              words("Blue, Smoke, Moonlight, Autumn, Swing, Lullaby, Velvet, Waltz, Saxophone, Rain, Cafe, Nocturne")),
          new Genre("country", words("Hank, Dolly, Luke, Carrie, Willie, Reba, Billy, Kacey"),
              words("Dawson, Maple, Tucker, Creek, Hollow, Walker, Bishop, Rhodes"),
              words("Whiskey, Dirt Road, Tailgate, Hometown, Rodeo, Pickup, Porch, Sunset, Heartbreak, Kentucky, River, Boots")),
          new Genre("soul", words("Aretha, Marvin, Otis, Al, Etta, Curtis, Sam, Gladys"),
              words("Greene, Redding, Jones, Mayfield, Knight, Sparks, Lovejoy, Brooks"),
              words("Love, Sweet, Tender, Groove, Baby, Soul, Sugar, Honey, Forever, Harmony, Dance, Feeling")),
          new Genre("metal", words("Iron, Black, Dark, Grave, Steel, Blood, Doom, Storm"),
              words("Throne, Serpent, Legion, Reaper, Hammer, Cathedral, Abyss, Oath"),
              words("Fire, Chaos, Eternal, Ashes, Thunder, Shadows, Inferno, War, Rising, Void, Night, Fury")),
          new Genre("latin", words("Los, Banda, Grupo, La, DJ, Sonora, Mariachi, El"),
              words("Tigres, Corazon, Fuego, Estrellas, Palmeras, Luna, Sol, Tropical"),
              words("Bailando, Amor, Noche, Corazon, Fiesta, Playa, Besame, Verano, Ritmo, Caliente, Cielo, Sabor")));

  private final long seed;

  public DemoDataGenerator(long seed) {
    this.seed = seed;
  }

  /** Generates the dataset in memory. */
  public Dataset generate(int tracks, int playlists) {
    Random random = new Random(seed);
    List<List<Track>> byGenre = new ArrayList<>();
    GENRES.forEach(g -> byGenre.add(new ArrayList<>()));
    List<Track> catalog = new ArrayList<>(tracks);
    int artistsPerGenre = Math.max(2, tracks / GENRES.size() / 8);
    for (int i = 0; i < tracks; i++) {
      int genreIndex = i % GENRES.size();
      Genre genre = GENRES.get(genreIndex);
      String artist = artist(genre, random.nextInt(artistsPerGenre));
      Track track = new Track(Integer.toString(i), title(genre, random), artist);
      catalog.add(track);
      byGenre.get(genreIndex).add(track);
    }
    List<List<String>> lists = new ArrayList<>(playlists);
    for (int p = 0; p < playlists; p++) {
      List<Track> home = byGenre.get(random.nextInt(GENRES.size()));
      int length = 5 + random.nextInt(20);
      Set<String> ids = new LinkedHashSet<>();
      while (ids.size() < Math.min(length, tracks)) {
        // One track in ten comes from anywhere: genres are strong, not closed.
        List<Track> pool = random.nextInt(10) == 0 ? catalog : home;
        ids.add(pool.get(zipf(random, pool.size())).id());
      }
      lists.add(List.copyOf(ids));
    }
    return new Dataset(
        catalog.stream().collect(Collectors.toMap(Track::id, t -> t, (a, b) -> a, java.util.LinkedHashMap::new)), lists);
  }

  /**
   * Writes {@code catalog.tsv}, {@code train.txt} and {@code test.txt} (every tenth playlist)
   * into {@code dir}, creating it.
   */
  public Dataset write(Path dir, int tracks, int playlists) {
    Dataset dataset = generate(tracks, playlists);
    try {
      Files.createDirectories(dir);
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("catalog.tsv"), StandardCharsets.UTF_8)) {
        out.write("id\ttitle\tartist\n");
        for (Track t : dataset.catalog().values().stream().sorted((a, b) -> Integer.compare(Integer.parseInt(a.id()), Integer.parseInt(b.id()))).toList()) {
          out.write(t.id() + "\t" + t.title() + "\t" + t.artist() + "\n");
        }
      }
      try (BufferedWriter train = Files.newBufferedWriter(dir.resolve("train.txt"), StandardCharsets.UTF_8);
          BufferedWriter test = Files.newBufferedWriter(dir.resolve("test.txt"), StandardCharsets.UTF_8)) {
        for (int i = 0; i < dataset.playlists().size(); i++) {
          (i % 10 == 9 ? test : train).write(String.join(" ", dataset.playlists().get(i)) + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write demo data to " + dir + ": " + e.getMessage(), e);
    }
    return dataset;
  }

  private static String artist(Genre genre, int n) {
    String first = genre.artistFirst().get(n % genre.artistFirst().size());
    String second = genre.artistSecond().get((n / genre.artistFirst().size() + n) % genre.artistSecond().size());
    return first + " " + second;
  }

  private static String title(Genre genre, Random random) {
    List<String> words = genre.titleWords();
    String first = words.get(random.nextInt(words.size()));
    return switch (random.nextInt(4)) {
      case 0 -> first;
      case 1 -> first + " " + words.get(random.nextInt(words.size()));
      case 2 -> "The " + first + " Song";
      default -> first + " (" + words.get(random.nextInt(words.size())).toLowerCase(Locale.ROOT) + " mix)";
    };
  }

  /** An index in [0, n) with probability roughly proportional to 1 / (index + 1). */
  private static int zipf(Random random, int n) {
    double harmonic = Math.log(n) + 0.5772;
    double u = random.nextDouble() * harmonic;
    int index = (int) Math.floor(Math.exp(u - 0.5772)) - 1;
    return Math.max(0, Math.min(n - 1, index));
  }

  private static List<String> words(String csv) {
    return List.of(csv.split(", "));
  }
}
