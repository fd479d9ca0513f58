package dev.homeshelves.embeddings;

import java.util.List;
import java.util.Set;

/**
 * Top-k nearest neighbours by cosine similarity over one {@link Embeddings} set. Exact and
 * approximate (HNSW) implementations answer through this one interface.
 */
public interface NeighborIndex {

  /** The vectors this index searches. */
  Embeddings embeddings();

  /**
   * The {@code k} items closest to {@code query} (any length; it is normalised), best first,
   * skipping every id in {@code exclude}. Fewer than {@code k} when the catalog is smaller.
   */
  List<Neighbor> nearest(float[] query, int k, Set<String> exclude);

  /** The {@code k} items closest to item {@code id}, never the item itself; empty if unknown. */
  default List<Neighbor> nearestTo(String id, int k, Set<String> exclude) {
    float[] v = embeddings().vector(id);
    if (v == null) {
      return List.of();
    }
    return nearest(v, k, Exclusions.plus(exclude, id));
  }
}
