package dev.homeshelves.embeddings.index;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.NeighborIndex;
import dev.homeshelves.embeddings.VectorMath;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Exact top-k by cosine: a scan over unit vectors with a bounded heap. */
public final class ExactIndex implements NeighborIndex {
  private final Embeddings embeddings;
  private final float[] unit;
  private final int dim;

  /** An index over {@code embeddings} (normalised here; the originals are kept for {@link #embeddings()}). */
  public ExactIndex(Embeddings embeddings) {
    this.embeddings = embeddings;
    this.unit = embeddings.normalized().rawData();
    this.dim = embeddings.dim();
  }

  @Override
  public Embeddings embeddings() {
    return embeddings;
  }

  /** The unit vectors it scans, row-major; read only (shared so a model need not copy them again). */
  public float[] unitData() {
    return unit;
  }

  @Override
  public List<Neighbor> nearest(float[] query, int k, Set<String> exclude) {
    checkQuery(query, dim);
    float[] q = query.clone();
    VectorMath.normalizeInPlace(q, 0, dim);
    int[] excluded = rowsOf(embeddings, exclude);
    TopK top = new TopK(Math.min(k, embeddings.size()));
    int n = embeddings.size();
    for (int row = 0; row < n; row++) {
      float score = VectorMath.dot(q, 0, unit, row * dim, dim);
      if (top.accepts(score) && Arrays.binarySearch(excluded, row) < 0) {
        top.offer(row, score);
      }
    }
    return top.toNeighbors(embeddings);
  }

  /** Sorted rows of the known ids in {@code ids}. */
  static int[] rowsOf(Embeddings embeddings, Set<String> ids) {
    int[] rows = new int[ids.size()];
    int n = 0;
    for (String id : ids) {
      int row = embeddings.indexOf(id);
      if (row >= 0) {
        rows[n++] = row;
      }
    }
    int[] out = Arrays.copyOf(rows, n);
    Arrays.sort(out);
    return out;
  }

  static void checkQuery(float[] query, int dim) {
    if (query.length != dim) {
      throw new IllegalArgumentException(
          "query has dimension " + query.length + ", the index has " + dim);
    }
  }
}
