package dev.homeshelves.embeddings.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Playlists with planted genres and Zipf-like popularity, for training benchmarks when no
 * corpus file is given: each playlist picks a genre and draws 5..40 tracks from it.
 */
public final class SyntheticPlaylists {
  private SyntheticPlaylists() {}

  public static List<List<String>> generate(int playlists, int tracks, int genres, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int perGenre = Math.max(1, tracks / genres);
    double[] cumulative = new double[perGenre];
    double sum = 0;
    for (int r = 0; r < perGenre; r++) {
      sum += 1.0 / (r + 1);
      cumulative[r] = sum;
    }
    List<List<String>> out = new ArrayList<>(playlists);
    for (int p = 0; p < playlists; p++) {
      int genre = random.nextInt(genres);
      int length = 5 + random.nextInt(36);
      List<String> playlist = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        int rank = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * sum);
        rank = rank >= 0 ? rank : -rank - 1;
        playlist.add("t" + (genre * perGenre + Math.min(rank, perGenre - 1)));
      }
      out.add(playlist);
    }
    return out;
  }
}
