package dev.homeshelves.loadtest.bench;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.TrendingItem;
import dev.homeshelves.shelves.catalog.Catalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic inputs for the benchmarks: a catalog, random unit vectors, playlists,
 * a user's play history and trending counts, with ids {@code "0" .. "n-1"} like the demo
 * catalog. Popularity is skewed (a few tracks get most plays), as in real listening.
 */
final class BenchData {
  private final SplittableRandom random;
  private final int tracks;

  BenchData(int tracks, long seed) {
    this.tracks = tracks;
    this.random = new SplittableRandom(seed);
  }

  /** {@code tracks} tracks by {@code tracks / 10} artists. */
  Catalog catalog() {
    Catalog.Builder catalog = Catalog.builder();
    for (int i = 0; i < tracks; i++) {
      catalog.track(Integer.toString(i), "Track " + i, "Artist " + (i % Math.max(1, tracks / 10)));
    }
    return catalog.build();
  }

  /** One unit vector of {@code dim} Gaussian components per track. */
  Embeddings embeddings(int dim) {
    float[] data = new float[tracks * dim];
    java.util.Random gaussian = new java.util.Random(random.nextLong());
    for (int row = 0; row < tracks; row++) {
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        float v = (float) gaussian.nextGaussian();
        data[row * dim + d] = v;
        norm += v * v;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < dim; d++) {
        data[row * dim + d] *= scale;
      }
    }
    List<String> ids = new ArrayList<>(tracks);
    for (int i = 0; i < tracks; i++) {
      ids.add(Integer.toString(i));
    }
    return Embeddings.of(ids, data, dim);
  }

  /** {@code count} playlists of 10 to 30 tracks. */
  List<List<String>> playlists(int count) {
    List<List<String>> lists = new ArrayList<>(count);
    for (int p = 0; p < count; p++) {
      int length = 10 + random.nextInt(21);
      List<String> list = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        list.add(popularTrack());
      }
      lists.add(list);
    }
    return lists;
  }

  /** {@code count} counted plays over the 28 days before {@code now}, newest first. */
  List<Play> plays(int count, Instant now) {
    List<Play> plays = new ArrayList<>(count);
    long window = Duration.ofDays(28).toMillis();
    long step = window / Math.max(1, count);
    for (int i = 0; i < count; i++) {
      plays.add(new Play(popularTrack(), now.minusMillis(i * step + random.nextLong(step + 1)),
          30_000 + random.nextInt(200_000)));
    }
    return plays;
  }

  /** The {@code count} most played tracks, with falling counts. */
  List<TrendingItem> trending(int count) {
    List<TrendingItem> items = new ArrayList<>(count);
    for (int i = 0; i < Math.min(count, tracks); i++) {
      items.add(new TrendingItem(Integer.toString(i), 100_000L / (i + 1)));
    }
    return items;
  }

  /** A random query vector of {@code dim}. */
  float[] query(int dim) {
    float[] q = new float[dim];
    for (int d = 0; d < dim; d++) {
      q[d] = (float) (random.nextDouble() * 2 - 1);
    }
    return q;
  }

  // Zipf-like: the square of a uniform draw favours low ids, the popular ones.
  private String popularTrack() {
    double u = random.nextDouble();
    return Integer.toString((int) (u * u * tracks));
  }
}
