package dev.homeshelves.embeddings.evaluate;

import dev.homeshelves.embeddings.Neighbor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Next-track prediction over held-out sequences: for each consecutive pair (a, b), is b among
 * the items a method recommends for a (a itself excluded)? Every pair counts; a method that
 * knows nothing about a scores a miss.
 */
public final class NextTrackEvaluation {
  /** Ranks beyond this count as misses, for HitRate@50 and MRR. */
  public static final int DEPTH = 50;

  private final List<String[]> pairs;

  private NextTrackEvaluation(List<String[]> pairs) {
    this.pairs = pairs;
  }

  /** The consecutive pairs of every sequence in {@code testFile}. */
  public static NextTrackEvaluation read(Path testFile) throws IOException {
    List<List<String>> sequences = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(testFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        String s = line.strip();
        if (!s.isEmpty()) {
          sequences.add(List.of(s.split("\\s+")));
        }
      }
    }
    return of(sequences);
  }

  /** The consecutive pairs of {@code sequences}. */
  public static NextTrackEvaluation of(List<List<String>> sequences) {
    List<String[]> pairs = new ArrayList<>();
    for (List<String> s : sequences) {
      for (int i = 0; i + 1 < s.size(); i++) {
        pairs.add(new String[] {s.get(i), s.get(i + 1)});
      }
    }
    return new NextTrackEvaluation(pairs);
  }

  public int pairCount() {
    return pairs.size();
  }

  /**
   * Scores a method: {@code recommend} gives the best {@link #DEPTH} items for a seed, never
   * the seed itself. Results are computed once per distinct seed.
   */
  public Metrics evaluate(Function<String, List<Neighbor>> recommend) {
    Map<String, List<Neighbor>> cache = new HashMap<>();
    int hits10 = 0;
    int hits50 = 0;
    double reciprocal = 0;
    for (String[] pair : pairs) {
      List<Neighbor> top = cache.computeIfAbsent(pair[0], recommend);
      int limit = Math.min(DEPTH, top.size());
      for (int i = 0; i < limit; i++) {
        if (top.get(i).id().equals(pair[1])) {
          if (i < 10) {
            hits10++;
          }
          hits50++;
          reciprocal += 1.0 / (i + 1);
          break;
        }
      }
    }
    int n = Math.max(1, pairs.size());
    return new Metrics(pairs.size(), hits10 / (double) n, hits50 / (double) n, reciprocal / n);
  }

  /** HitRate@10, HitRate@50 and MRR (reciprocal rank within the top 50, else 0) over {@code pairs}. */
  public record Metrics(int pairs, double hitRate10, double hitRate50, double mrr) {}
}
