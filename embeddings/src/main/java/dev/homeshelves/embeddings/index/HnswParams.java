package dev.homeshelves.embeddings.index;

/**
 * HNSW parameters, named as in the paper (Malkov and Yashunin) and in Voyager / hnswlib.
 *
 * @param m links per node per layer
 * @param efConstruction candidate list size while building
 * @param ef candidate list size while searching (at least k); higher is slower and more exact
 * @param seed random seed of the level assignment
 */
public record HnswParams(int m, int efConstruction, int ef, long seed) {
  public HnswParams {
    if (m < 2) {
      throw new IllegalArgumentException("M must be >= 2, was " + m);
    }
    if (efConstruction < 1) {
      throw new IllegalArgumentException("efConstruction must be >= 1, was " + efConstruction);
    }
    if (ef < 1) {
      throw new IllegalArgumentException("ef must be >= 1, was " + ef);
    }
  }

  /** M 16, efConstruction 200, ef 50. */
  public static HnswParams defaults() {
    return new HnswParams(16, 200, 50, 1);
  }

  public HnswParams withEf(int newEf) {
    return new HnswParams(m, efConstruction, newEf, seed);
  }
}
