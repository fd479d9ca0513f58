package dev.homeshelves.embeddings;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable set of item vectors: ids in file order and one contiguous row-major
 * {@code float[]} of {@code size() * dim()} values.
 */
public final class Embeddings {
  private final String[] ids;
  private final float[] data;
  private final int dim;
  private final Map<String, Integer> indexById;

  private Embeddings(String[] ids, float[] data, int dim) {
    this.ids = ids;
    this.data = data;
    this.dim = dim;
    this.indexById = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (indexById.putIfAbsent(ids[i], i) != null) {
        throw new IllegalArgumentException("duplicate id '" + ids[i] + "' at row " + i);
      }
    }
  }

  /**
   * Vectors for {@code ids}, row {@code i} being {@code data[i*dim .. (i+1)*dim)}. The array is
   * used as it is, not copied: callers hand it over.
   */
  public static Embeddings of(List<String> ids, float[] data, int dim) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(data, "data");
    if (dim <= 0) {
      throw new IllegalArgumentException("dim must be positive, was " + dim);
    }
    if ((long) ids.size() * dim != data.length) {
      throw new IllegalArgumentException(
          "data has " + data.length + " values, expected " + ids.size() + " x " + dim);
    }
    return new Embeddings(ids.toArray(String[]::new), data, dim);
  }

  public int size() {
    return ids.length;
  }

  public int dim() {
    return dim;
  }

  /** The row of {@code id}, or -1 when the id is unknown. */
  public int indexOf(String id) {
    Integer i = indexById.get(id);
    return i == null ? -1 : i;
  }

  public boolean contains(String id) {
    return indexById.containsKey(id);
  }

  /** The id at {@code row}. */
  public String id(int row) {
    return ids[row];
  }

  /** A copy of the vector of {@code id}, or null when the id is unknown. */
  public float[] vector(String id) {
    int i = indexOf(id);
    return i < 0 ? null : Arrays.copyOfRange(data, i * dim, (i + 1) * dim);
  }

  /** The backing row-major array; read only, never modify it. */
  public float[] rawData() {
    return data;
  }

  /** A copy in which every vector has unit length (zero vectors stay zero). */
  public Embeddings normalized() {
    float[] out = data.clone();
    for (int row = 0; row < ids.length; row++) {
      VectorMath.normalizeInPlace(out, row * dim, dim);
    }
    return new Embeddings(ids, out, dim);
  }

  /**
   * The weighted mean of the vectors of {@code weights}' keys (a taste vector), unit length;
   * null when none of the ids is known.
   */
  public float[] weightedMean(Map<String, Double> weights) {
    float[] sum = new float[dim];
    boolean any = false;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      int i = indexOf(e.getKey());
      if (i < 0) {
        continue;
      }
      float w = e.getValue().floatValue();
      int off = i * dim;
      for (int d = 0; d < dim; d++) {
        sum[d] += w * data[off + d];
      }
      any = true;
    }
    if (!any) {
      return null;
    }
    VectorMath.normalizeInPlace(sum, 0, dim);
    return sum;
  }
}
