package dev.homeshelves.shelves.testing;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.Recommender;
import dev.homeshelves.embeddings.VectorMath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Exact cosine recommender over fixture vectors: the taste vector against every item. */
public final class CosineRecommender implements Recommender {
  private final Embeddings vectors;

  public CosineRecommender(Embeddings vectors) {
    this.vectors = vectors.normalized();
  }

  @Override
  public Embeddings embeddings() {
    return vectors;
  }

  @Override
  public List<Neighbor> recommend(Map<String, Double> seeds, int k, Set<String> exclude) {
    float[] taste = vectors.weightedMean(seeds);
    if (taste == null) {
      return List.of();
    }
    List<Neighbor> all = new ArrayList<>();
    for (int row = 0; row < vectors.size(); row++) {
      String id = vectors.id(row);
      if (seeds.containsKey(id) || exclude.contains(id)) {
        continue;
      }
      all.add(new Neighbor(id, VectorMath.dot(taste, 0, vectors.rawData(), row * vectors.dim(), vectors.dim())));
    }
    all.sort(Comparator.comparingDouble(Neighbor::score).reversed().thenComparing(Neighbor::id));
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }
}
