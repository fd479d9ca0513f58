package dev.homeshelves.embeddings.recommend;

import dev.homeshelves.embeddings.index.HnswParams;

/**
 * How {@link RecommenderModel#load(java.nio.file.Path, ModelOptions)} builds a model: which
 * neighbour index by catalog size, the HNSW knobs, and the co-occurrence bound.
 *
 * @param exactBelow catalogs with fewer vectors are scanned exactly; larger ones use HNSW
 * @param hnsw the HNSW graph's M and efConstruction (a saved index must match them) and ef, the
 *     search list size and the number of cosine candidates taken from it
 * @param buildThreads threads for building the graph when no saved index matches
 * @param cooccurrenceNeighbours followers kept per item from the co-occurrence sidecar
 */
public record ModelOptions(int exactBelow, HnswParams hnsw, int buildThreads, int cooccurrenceNeighbours) {
  public ModelOptions {
    if (exactBelow < 0) {
      throw new IllegalArgumentException("exact-below must be >= 0, was " + exactBelow);
    }
    if (buildThreads < 1) {
      throw new IllegalArgumentException("build threads must be >= 1, was " + buildThreads);
    }
    if (cooccurrenceNeighbours < 1) {
      throw new IllegalArgumentException("cooccurrence-neighbours must be >= 1, was " + cooccurrenceNeighbours);
    }
  }

  /** The defaults of the CLI; the service's come from its application.yml. */
  public static ModelOptions defaults() {
    return new ModelOptions(DEFAULT_EXACT_BELOW, DEFAULT_HNSW, 2, ItemStats.DEFAULT_NEIGHBOURS);
  }

  /**
   * M 16, efConstruction 200 (hnswlib's), ef 500: with HNSW the recommender takes min(500, ef)
   * cosine candidates from one search; ef 500 keeps each shelf's recall@10 against the exact scan
   * at 0.95 or more at 10^6 tracks, where 300 gave 0.80-0.88 (docs/embeddings.md#at-scale).
   */
  public static final HnswParams DEFAULT_HNSW = new HnswParams(16, 200, 500, 1);

  /** Catalogs below 100,000 vectors are scanned (see docs/embeddings.md#choosing-the-index). */
  public static final int DEFAULT_EXACT_BELOW = 100_000;

  /** True when a catalog of {@code vectors} items is searched with HNSW. */
  public boolean usesHnsw(int vectors) {
    return vectors >= exactBelow;
  }

  public ModelOptions withExactBelow(int threshold) {
    return new ModelOptions(threshold, hnsw, buildThreads, cooccurrenceNeighbours);
  }
}
