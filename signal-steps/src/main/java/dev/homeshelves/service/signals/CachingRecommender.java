package dev.homeshelves.service.signals;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.Recommender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers the recommender's ranking for each set of seeds, so recomputes stop paying for
 * the same answer again: "More like {artist}" asks the same question for every fan of an artist
 * and "Because you listened to" for every listener of a track, while the model never changes
 * while the worker runs. Only the user-specific part, the exclusions, is applied per call: the
 * ranking is kept without them, with headroom, and filtered.
 *
 * <p>The answer is the model's ranking minus the excluded ids. A model that draws a bounded
 * candidate pool (the cosine neighbours of the seeds) may, asked with exclusions, reach one
 * candidate deeper for each excluded one; such a deep candidate would have to outscore the
 * whole pool above it, which the pool's size makes immaterial for the rows shelves ask for.
 */
public final class CachingRecommender implements Recommender {

  // Bounds the memory: about 40 bytes per remembered neighbour.
  private static final long MAX_NEIGHBOURS = 1_000_000;
  // Extra depth asked for beyond k + exclusions, so later calls with more exclusions still hit.
  private static final int HEADROOM = 2;

  private final Recommender model;
  private final Cache<Map<String, Double>, Ranking> rankings;

  public CachingRecommender(Recommender model) {
    this.model = model;
    this.rankings = Caffeine.newBuilder()
        .maximumWeight(MAX_NEIGHBOURS)
        .weigher((Map<String, Double> seeds, Ranking r) -> r.neighbours().size() + seeds.size())
        .build();
  }

  @Override
  public Embeddings embeddings() {
    return model.embeddings();
  }

  @Override
  public List<Neighbor> recommend(Map<String, Double> seeds, int k, Set<String> exclude) {
    if (k <= 0 || seeds.isEmpty()) {
      return List.of();
    }
    if (!equalWeights(seeds)) {
      return model.recommend(seeds, k, exclude);
    }
    var key = Map.copyOf(seeds);
    var cached = rankings.getIfPresent(key);
    var answer = cached == null ? null : cached.without(exclude, k);
    if (answer == null) {
      int depth = HEADROOM * (k + exclude.size());
      var fresh = new Ranking(model.recommend(key, depth, Set.of()), depth);
      rankings.put(key, fresh);
      answer = fresh.without(exclude, k); // never null: the depth covers every exclusion
    }
    return answer;
  }

  /**
   * Seeds worth remembering: a track, or an artist's tracks, all of one weight. A taste whose
   * weights decay with time differs on every call and would only push useful entries out.
   */
  private static boolean equalWeights(Map<String, Double> seeds) {
    return seeds.values().stream().distinct().count() == 1;
  }

  /** The model's ranking for some seeds, to depth {@code asked}, without exclusions. */
  private record Ranking(List<Neighbor> neighbours, int asked) {

    /** The first k not excluded, or null when the ranking is too shallow to say. */
    List<Neighbor> without(Set<String> exclude, int k) {
      List<Neighbor> out = new ArrayList<>(k);
      for (Neighbor n : neighbours) {
        if (!exclude.contains(n.id())) {
          out.add(n);
          if (out.size() == k) {
            return out;
          }
        }
      }
      // The model returned fewer than asked: nothing deeper exists, the short list is exact.
      return neighbours.size() < asked ? out : null;
    }
  }
}
