package dev.homeshelves.embeddings.scale;

import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.Recommender;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The recommender calls of one user's recompute, as the built-in shelves make them, on
 * synthetic users drawn from a catalog: made-for-you (a recency-weighted taste of up to 50
 * tracks, 100 candidates, every heard track excluded), because-you-listened (the week's most
 * played track, 20, the week's tracks excluded) and more-like-artist (the top artist's tracks,
 * 100, those excluded). Uncached: the worker's CachingRecommender would answer some repeats.
 */
public final class RecomputeBench {
  /** The three shelves' calls, in the order a recompute runs them. */
  public static final List<String> SHELVES = List.of("made-for-you", "because-you-listened", "more-like-artist");

  private static final int PLAYS = 30;
  private static final double DAY_MS = 86_400_000.0;

  /** One user's three questions. */
  public record User(Map<String, Double> taste, Set<String> heard, String weekSeed, Set<String> weekHeard,
      Map<String, Double> artistTracks) {}

  /** CPU per user and per shelf, in microseconds. */
  public record Cpu(double perUser, double[] perShelf) {}

  private final List<User> users;

  private RecomputeBench(List<User> users) {
    this.users = users;
  }

  public List<User> users() {
    return users;
  }

  /**
   * {@code count} users over the catalog {@code songsTsv} (id, title, artist) with popularity from
   * {@code countsTsv}: each listens 30 times, 40 % to one artist's tracks, the rest drawn by
   * popularity, over the last 60 days.
   */
  public static RecomputeBench users(Path songsTsv, Path countsTsv, int count, long seed) throws IOException {
    Map<String, String> artistOf = new HashMap<>();
    Map<String, List<String>> tracksOf = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(songsTsv, StandardCharsets.UTF_8)) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t", -1);
        if (f.length >= 3) {
          artistOf.put(f[0], f[2]);
          tracksOf.computeIfAbsent(f[2], k -> new ArrayList<>()).add(f[0]);
        }
      }
    }
    List<String> ids = new ArrayList<>();
    long[] cumulative = new long[16];
    long total = 0;
    try (BufferedReader r = Files.newBufferedReader(countsTsv, StandardCharsets.UTF_8)) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        int tab = line.indexOf('\t');
        String id = line.substring(0, tab);
        if (artistOf.containsKey(id)) {
          if (ids.size() == cumulative.length) {
            cumulative = Arrays.copyOf(cumulative, cumulative.length * 2);
          }
          total += Long.parseLong(line.substring(tab + 1));
          cumulative[ids.size()] = total;
          ids.add(id);
        }
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(countsTsv + " counts no track of " + songsTsv);
    }
    SplittableRandom random = new SplittableRandom(seed);
    long[] cum = cumulative;
    int n = ids.size();
    long all = total;
    java.util.function.Supplier<String> popular = () -> {
      long x = random.nextLong(all);
      int i = Arrays.binarySearch(cum, 0, n, x + 1);
      return ids.get(i >= 0 ? i : -i - 1);
    };
    List<User> out = new ArrayList<>(count);
    for (int u = 0; u < count; u++) {
      List<String> fav = tracksOf.get(artistOf.get(popular.get()));
      Map<String, Double> weights = new LinkedHashMap<>();
      Map<String, Integer> weekPlays = new LinkedHashMap<>();
      Map<String, Integer> monthArtists = new LinkedHashMap<>();
      for (int p = 0; p < PLAYS; p++) {
        String track = random.nextInt(10) < 4 ? fav.get(random.nextInt(fav.size())) : popular.get();
        double ageDays = random.nextDouble() * 60;
        weights.merge(track, Math.pow(0.5, ageDays / 14), Double::sum);
        if (ageDays < 7) {
          weekPlays.merge(track, 1, Integer::sum);
        }
        if (ageDays < 30) {
          monthArtists.merge(artistOf.get(track), 1, Integer::sum);
        }
      }
      Map<String, Double> taste = new LinkedHashMap<>();
      weights.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(50)
          .forEach(e -> taste.put(e.getKey(), e.getValue()));
      String weekSeed = weekPlays.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
      String artist = monthArtists.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
      Map<String, Double> artistTracks = new LinkedHashMap<>();
      if (artist != null) {
        tracksOf.get(artist).forEach(t -> artistTracks.put(t, 1.0));
      }
      out.add(new User(taste, new HashSet<>(weights.keySet()), weekSeed, new HashSet<>(weekPlays.keySet()), artistTracks));
    }
    return new RecomputeBench(out);
  }

  /** The three answers for {@code user}, in {@link #SHELVES} order (empty when a shelf has no seed). */
  public static List<List<Neighbor>> recompute(Recommender r, User user, long[] cpuNanos, ThreadMXBean cpu) {
    List<List<Neighbor>> out = new ArrayList<>(3);
    long t0 = cpu == null ? 0 : cpu.getCurrentThreadCpuTime();
    out.add(r.recommend(user.taste(), 100, user.heard()));
    long t1 = cpu == null ? 0 : cpu.getCurrentThreadCpuTime();
    out.add(user.weekSeed() == null ? List.of() : r.similarTo(user.weekSeed(), 20, user.weekHeard()));
    long t2 = cpu == null ? 0 : cpu.getCurrentThreadCpuTime();
    out.add(user.artistTracks().isEmpty() ? List.of() : r.recommend(user.artistTracks(), 100, user.artistTracks().keySet()));
    long t3 = cpu == null ? 0 : cpu.getCurrentThreadCpuTime();
    if (cpuNanos != null) {
      cpuNanos[0] += t1 - t0;
      cpuNanos[1] += t2 - t1;
      cpuNanos[2] += t3 - t2;
    }
    return out;
  }

  /** Thread CPU per user over users {@code [from, to)}, after running {@code warmup} users unmeasured. */
  public Cpu cpu(Recommender r, int warmup, int from, int to) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warmup; i++) {
      recompute(r, users.get(i % users.size()), null, null);
    }
    long[] nanos = new long[3];
    for (int i = from; i < to; i++) {
      recompute(r, users.get(i), nanos, mx);
    }
    int n = Math.max(1, to - from);
    double[] perShelf = new double[3];
    double sum = 0;
    for (int s = 0; s < 3; s++) {
      perShelf[s] = nanos[s] / 1e3 / n;
      sum += perShelf[s];
    }
    return new Cpu(sum, perShelf);
  }

  /** Mean recall@10 per shelf of {@code approximate}'s top 10 against {@code exact}'s, over users {@code [0, n)}. */
  public double[] recallAt10(Recommender approximate, Recommender exact, int n) {
    double[] sum = new double[3];
    int[] asked = new int[3];
    for (int i = 0; i < Math.min(n, users.size()); i++) {
      List<List<Neighbor>> a = recompute(approximate, users.get(i), null, null);
      List<List<Neighbor>> e = recompute(exact, users.get(i), null, null);
      for (int s = 0; s < 3; s++) {
        Set<String> truth = new HashSet<>();
        e.get(s).stream().limit(10).forEach(x -> truth.add(x.id()));
        if (truth.isEmpty()) {
          continue;
        }
        long hit = a.get(s).stream().limit(10).filter(x -> truth.contains(x.id())).count();
        sum[s] += (double) hit / truth.size();
        asked[s]++;
      }
    }
    double[] out = new double[3];
    for (int s = 0; s < 3; s++) {
      out[s] = asked[s] == 0 ? Double.NaN : sum[s] / asked[s];
    }
    return out;
  }
}
