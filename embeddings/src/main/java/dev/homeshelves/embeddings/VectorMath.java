package dev.homeshelves.embeddings;

/** Loops over float vectors stored in flat arrays; the one place for these kernels. */
public final class VectorMath {
  private VectorMath() {}

  /** Dot product of {@code a[aOff..aOff+dim)} and {@code b[bOff..bOff+dim)}. */
  public static float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
    float s = 0f;
    for (int d = 0; d < dim; d++) {
      s += a[aOff + d] * b[bOff + d];
    }
    return s;
  }

  /** Scales {@code v[off..off+dim)} to unit length; a zero vector is left as it is. */
  public static void normalizeInPlace(float[] v, int off, int dim) {
    double norm = Math.sqrt(dot(v, off, v, off, dim));
    if (norm == 0) {
      return;
    }
    float inv = (float) (1.0 / norm);
    for (int d = 0; d < dim; d++) {
      v[off + d] *= inv;
    }
  }
}
