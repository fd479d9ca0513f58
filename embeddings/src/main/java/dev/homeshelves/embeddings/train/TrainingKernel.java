package dev.homeshelves.embeddings.train;

/**
 * The vector loops of one skip-gram update. Two implementations: SIMD through the Vector API
 * (incubator module {@code jdk.incubator.vector}, about three times faster here) and plain
 * loops for JVMs started without that module. Each is deterministic; they differ in the last
 * bits of float sums, so a seed reproduces a run with the same kernel.
 */
abstract class TrainingKernel {
  /** Dot product of {@code a[aOff..aOff+dim)} and {@code b[bOff..bOff+dim)}. */
  abstract float dot(float[] a, int aOff, float[] b, int bOff, int dim);

  /** {@code e += g * out[outOff..]}, then {@code out[outOff..] += g * in[inOff..]}. */
  abstract void update(float[] e, float[] out, int outOff, float[] in, int inOff, float g, int dim);

  /** {@code v[off..off+dim) += e}. */
  abstract void add(float[] v, int off, float[] e, int dim);

  /** The SIMD kernel when {@code --add-modules jdk.incubator.vector} is on, else the plain one. */
  static TrainingKernel best() {
    boolean simd = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    return simd ? new VectorApiKernel() : new ScalarKernel();
  }

  /** Plain loops. */
  static final class ScalarKernel extends TrainingKernel {
    @Override
    float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
      // Four partial sums: the JIT pipelines them better than one chain.
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
      int d = 0;
      for (; d + 3 < dim; d += 4) {
        s0 += a[aOff + d] * b[bOff + d];
        s1 += a[aOff + d + 1] * b[bOff + d + 1];
        s2 += a[aOff + d + 2] * b[bOff + d + 2];
        s3 += a[aOff + d + 3] * b[bOff + d + 3];
      }
      for (; d < dim; d++) {
        s0 += a[aOff + d] * b[bOff + d];
      }
      return (s0 + s1) + (s2 + s3);
    }

    @Override
    void update(float[] e, float[] out, int outOff, float[] in, int inOff, float g, int dim) {
      for (int d = 0; d < dim; d++) {
        e[d] += g * out[outOff + d];
        out[outOff + d] += g * in[inOff + d];
      }
    }

    @Override
    void add(float[] v, int off, float[] e, int dim) {
      for (int d = 0; d < dim; d++) {
        v[off + d] += e[d];
      }
    }
  }
}
