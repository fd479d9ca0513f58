package dev.homeshelves.embeddings.bench;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.VectorMath;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark vector set of issue 4: Gaussian centres (standard normal per dimension) and
 * points = a random centre + Gaussian noise of standard deviation {@code noise}, normalised
 * to unit length. Ids are {@code v0, v1, ...}.
 */
public final class ClusteredVectors {
  private ClusteredVectors() {}

  public static Embeddings generate(int points, int dim, int centres, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] c = new double[centres * dim];
    for (int i = 0; i < c.length; i++) {
      c[i] = gaussian(random);
    }
    float[] data = new float[points * dim];
    List<String> ids = new ArrayList<>(points);
    for (int p = 0; p < points; p++) {
      int centre = random.nextInt(centres);
      for (int d = 0; d < dim; d++) {
        data[p * dim + d] = (float) (c[centre * dim + d] + noise * gaussian(random));
      }
      VectorMath.normalizeInPlace(data, p * dim, dim);
      ids.add("v" + p);
    }
    return Embeddings.of(ids, data, dim);
  }

  /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
