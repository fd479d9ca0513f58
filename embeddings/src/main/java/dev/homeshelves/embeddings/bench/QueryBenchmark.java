package dev.homeshelves.embeddings.bench;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.NeighborIndex;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Single-thread top-10 query throughput of an index, and its recall@10 against exact answers. */
public final class QueryBenchmark {
  public static final int K = 10;

  private final Embeddings vectors;
  private final int queries;

  /** Uses the first {@code queries} vectors of {@code vectors} as queries. */
  public QueryBenchmark(Embeddings vectors, int queries) {
    this.vectors = vectors;
    this.queries = Math.min(queries, vectors.size());
  }

  /** Result of one measured pass. */
  public record Result(int queries, double queriesPerSecond, double recallAt10, List<List<String>> answers) {}

  /**
   * Runs every query once to warm up, then once measured; recall is against {@code truth}
   * (null when this run is the truth, recall then 1).
   */
  public Result run(NeighborIndex index, List<List<String>> truth) {
    pass(index);
    long t0 = System.nanoTime();
    List<List<String>> answers = pass(index);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double recall = 1.0;
    if (truth != null) {
      long found = 0;
      for (int q = 0; q < queries; q++) {
        Set<String> expected = new HashSet<>(truth.get(q));
        for (String id : answers.get(q)) {
          if (expected.contains(id)) {
            found++;
          }
        }
      }
      recall = found / (double) (queries * K);
    }
    return new Result(queries, queries / seconds, recall, answers);
  }

  private List<List<String>> pass(NeighborIndex index) {
    List<List<String>> answers = new java.util.ArrayList<>(queries);
    float[] data = vectors.rawData();
    int dim = vectors.dim();
    float[] q = new float[dim];
    for (int i = 0; i < queries; i++) {
      System.arraycopy(data, i * dim, q, 0, dim);
      answers.add(index.nearest(q, K, Set.of()).stream().map(Neighbor::id).toList());
    }
    return answers;
  }
}
