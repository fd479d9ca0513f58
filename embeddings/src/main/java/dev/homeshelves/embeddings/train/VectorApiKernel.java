package dev.homeshelves.embeddings.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link TrainingKernel} with SIMD lanes of the Vector API; loaded only when its module is on. */
final class VectorApiKernel extends TrainingKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  @Override
  float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
    FloatVector acc = FloatVector.zero(S);
    int d = 0;
    for (int bound = S.loopBound(dim); d < bound; d += S.length()) {
      acc = FloatVector.fromArray(S, a, aOff + d).fma(FloatVector.fromArray(S, b, bOff + d), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; d < dim; d++) {
      s += a[aOff + d] * b[bOff + d];
    }
    return s;
  }

  @Override
  void update(float[] e, float[] out, int outOff, float[] in, int inOff, float g, int dim) {
    int d = 0;
    for (int bound = S.loopBound(dim); d < bound; d += S.length()) {
      FloatVector o = FloatVector.fromArray(S, out, outOff + d);
      FloatVector.fromArray(S, e, d).add(o.mul(g)).intoArray(e, d);
      o.add(FloatVector.fromArray(S, in, inOff + d).mul(g)).intoArray(out, outOff + d);
    }
    for (; d < dim; d++) {
      e[d] += g * out[outOff + d];
      out[outOff + d] += g * in[inOff + d];
    }
  }

  @Override
  void add(float[] v, int off, float[] e, int dim) {
    int d = 0;
    for (int bound = S.loopBound(dim); d < bound; d += S.length()) {
      FloatVector.fromArray(S, v, off + d).add(FloatVector.fromArray(S, e, d)).intoArray(v, off + d);
    }
    for (; d < dim; d++) {
      v[off + d] += e[d];
    }
  }
}
