package dev.homeshelves.service.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.Recommender;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingRecommenderTest {

  /** A deterministic model over 300 items: scores depend on the seeds, exclusions are exact. */
  private static final class CountingModel implements Recommender {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Embeddings embeddings() {
      throw new UnsupportedOperationException("not needed here");
    }

    @Override
    public List<Neighbor> recommend(Map<String, Double> seeds, int k, Set<String> exclude) {
      calls.incrementAndGet();
      int salt = seeds.keySet().stream().mapToInt(String::hashCode).sum();
      List<Neighbor> all = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String id = "t" + i;
        if (!seeds.containsKey(id) && !exclude.contains(id)) {
          all.add(new Neighbor(id, (float) (Math.floorMod(i * 7919 + salt, 1000) / 1000.0)));
        }
      }
      all.sort(Comparator.comparingDouble(Neighbor::score).reversed().thenComparing(Neighbor::id));
      return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
  }

  @Test
  void answersAsTheModelDoesForAnyExclusionsWhileAskingItOncePerSeeds() {
    var model = new CountingModel();
    var cached = new CachingRecommender(model);
    var reference = new CountingModel();
    var random = new Random(7);
    var seeds = Map.of("t1", 1.0, "t2", 1.0);
    for (int call = 0; call < 50; call++) {
      Set<String> exclude = new HashSet<>();
      int n = random.nextInt(20);
      for (int i = 0; i < n; i++) {
        exclude.add("t" + random.nextInt(300));
      }
      assertThat(cached.recommend(seeds, 20, exclude))
          .as("call %d excluding %s", call, exclude)
          .isEqualTo(reference.recommend(seeds, 20, exclude));
    }
    // The first call asked with headroom for 20 + its exclusions; a later call with more
    // exclusions than that headroom covers may ask again, but nowhere near once per call.
    assertThat(model.calls.get()).isLessThan(5);
  }

  @Test
  void neverServesACardTheCallerExcluded() {
    var cached = new CachingRecommender(new CountingModel());
    var seeds = Map.of("t9", 1.0);
    var first = cached.recommend(seeds, 10, Set.of());
    var excluded = Set.of(first.get(0).id(), first.get(3).id());

    var second = cached.recommend(seeds, 10, excluded);

    assertThat(second).hasSize(10).extracting(Neighbor::id).doesNotContainAnyElementsOf(excluded);
  }

  @Test
  void aShortAnswerFromTheModelIsItsWholeAnswer() {
    var model = new CountingModel();
    var cached = new CachingRecommender(model);
    var seeds = Map.of("t5", 1.0);
    Set<String> nearlyAll = new HashSet<>();
    for (int i = 0; i < 295; i++) {
      nearlyAll.add("t" + i);
    }

    assertThat(cached.recommend(seeds, 10, nearlyAll))
        .isEqualTo(new CountingModel().recommend(seeds, 10, nearlyAll));
  }

  @Test
  void aTasteWithUnequalWeightsGoesToTheModelEveryTime() {
    var model = new CountingModel();
    var cached = new CachingRecommender(model);
    var taste = Map.of("t1", 0.7, "t2", 0.3);

    cached.recommend(taste, 10, Set.of());
    cached.recommend(taste, 10, Set.of());

    assertThat(model.calls.get()).isEqualTo(2);
  }
}
