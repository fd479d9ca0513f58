package dev.homeshelves.embeddings;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Item-to-item recommendation as the shelves use it: candidates for a weighted set of seed
 * items, scored by whatever the model combines (cosine similarity of the word2vec vectors, a
 * popularity prior, co-occurrence). {@code bin/embeddings evaluate} measures exactly this
 * scoring, so the figures it prints are the figures of the shelves.
 */
public interface Recommender {

  /** The vectors behind the recommendations (for taste vectors and metadata checks). */
  Embeddings embeddings();

  /**
   * The {@code k} best items for {@code seeds} (item id to weight, weight &gt; 0), best first,
   * never a seed and never an id in {@code exclude}. Unknown seed ids are ignored; with no
   * known seed the answer is empty.
   */
  List<Neighbor> recommend(Map<String, Double> seeds, int k, Set<String> exclude);

  /** Shorthand for one seed of weight 1. */
  default List<Neighbor> similarTo(String seed, int k, Set<String> exclude) {
    return recommend(Map.of(seed, 1.0), k, exclude);
  }
}
