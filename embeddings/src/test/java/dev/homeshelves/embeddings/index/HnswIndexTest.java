package dev.homeshelves.embeddings.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HnswIndexTest {
  @Test
  void recallAtTenAgainstExactSearchIsHigh() throws Exception {
    Embeddings vectors = ExactIndexTest.randomVectors(3_000, 16, 11);
    ExactIndex exact = new ExactIndex(vectors);
    try (HnswIndex hnsw = new HnswIndex(vectors, new HnswParams(16, 100, 64, 1), 1)) {
      int found = 0;
      int queries = 200;
      for (int q = 0; q < queries; q++) {
        String id = "i" + (q * 13);
        Set<String> truth = new HashSet<>(exact.nearestTo(id, 10, Set.of()).stream().map(Neighbor::id).toList());
        for (Neighbor n : hnsw.nearestTo(id, 10, Set.of())) {
          if (truth.contains(n.id())) {
            found++;
          }
        }
      }
      assertThat(found / (queries * 10.0)).isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void exclusionsAreHonouredAndScoresAreCosines() throws Exception {
    Embeddings vectors = ExactIndexTest.randomVectors(500, 8, 12);
    ExactIndex exact = new ExactIndex(vectors);
    try (HnswIndex hnsw = new HnswIndex(vectors, HnswParams.defaults(), 1)) {
      List<Neighbor> best = exact.nearestTo("i7", 3, Set.of());
      Set<String> exclude = Set.of(best.get(0).id(), best.get(1).id());

      List<Neighbor> result = hnsw.nearestTo("i7", 5, exclude);

      assertThat(result).hasSize(5);
      assertThat(result).extracting(Neighbor::id).doesNotContainAnyElementsOf(exclude).doesNotContain("i7");
      assertThat(result.get(0).id()).isEqualTo(best.get(2).id());
      assertThat(result.get(0).score()).isCloseTo(best.get(2).score(), org.assertj.core.data.Offset.offset(1e-4f));
    }
  }
}
