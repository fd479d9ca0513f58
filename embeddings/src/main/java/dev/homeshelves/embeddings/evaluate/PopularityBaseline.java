package dev.homeshelves.embeddings.evaluate;

import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.recommend.ItemStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The most played items overall, whatever the seed: the baseline every method must beat. */
public final class PopularityBaseline {
  private final List<Neighbor> ranked;

  /** The {@code depth + 1} most frequent items of {@code stats} (one spare for the seed). */
  public PopularityBaseline(ItemStats stats, int depth) {
    List<Map.Entry<String, Long>> all = new ArrayList<>(stats.counts().entrySet());
    all.sort(Comparator.comparingLong((Map.Entry<String, Long> e) -> e.getValue()).reversed()
        .thenComparing(Map.Entry::getKey));
    List<Neighbor> top = new ArrayList<>();
    for (int i = 0; i < Math.min(depth + 1, all.size()); i++) {
      top.add(new Neighbor(all.get(i).getKey(), all.get(i).getValue()));
    }
    this.ranked = List.copyOf(top);
  }

  /** The most popular items except {@code seed}. */
  public List<Neighbor> recommend(String seed) {
    List<Neighbor> out = new ArrayList<>(ranked.size());
    for (Neighbor n : ranked) {
      if (!n.id().equals(seed)) {
        out.add(n);
      }
    }
    return out.subList(0, Math.min(out.size(), ranked.size() - 1));
  }
}
