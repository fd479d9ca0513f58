package dev.homeshelves.embeddings.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExactIndexTest {
  static Embeddings randomVectors(int n, int dim, long seed) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>();
    float[] data = new float[n * dim];
    for (int i = 0; i < n; i++) {
      ids.add("i" + i);
    }
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return Embeddings.of(ids, data, dim);
  }

  /** Cosine of every item computed in double precision, sorted best first. */
  static List<String> bruteForce(Embeddings e, float[] q, int k, Set<String> exclude) {
    List<String> ids = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (int row = 0; row < e.size(); row++) {
      if (exclude.contains(e.id(row))) {
        continue;
      }
      double dot = 0;
      double nq = 0;
      double nv = 0;
      for (int d = 0; d < e.dim(); d++) {
        float v = e.rawData()[row * e.dim() + d];
        dot += q[d] * v;
        nq += q[d] * q[d];
        nv += v * v;
      }
      ids.add(e.id(row));
      scores.add(dot / Math.sqrt(nq * nv));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -scores.get(i)));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, order.size()); i++) {
      out.add(ids.get(order.get(i)));
    }
    return out;
  }

  @Test
  void topTenMatchesABruteForceReference() {
    Embeddings vectors = randomVectors(2_000, 12, 5);
    ExactIndex index = new ExactIndex(vectors);
    Random random = new Random(6);
    for (int query = 0; query < 50; query++) {
      float[] q = new float[12];
      for (int d = 0; d < 12; d++) {
        q[d] = (float) random.nextGaussian() * 3;
      }

      List<Neighbor> result = index.nearest(q, 10, Set.of());

      assertThat(result).extracting(Neighbor::id).containsExactlyElementsOf(bruteForce(vectors, q, 10, Set.of()));
      assertThat(result).isSortedAccordingTo(Comparator.comparing(Neighbor::score).reversed());
    }
  }

  @Test
  void excludedIdsAndTheItemItselfNeverAppear() {
    Embeddings vectors = randomVectors(300, 8, 7);
    ExactIndex index = new ExactIndex(vectors);
    List<String> unrestricted = index.nearestTo("i5", 5, Set.of()).stream().map(Neighbor::id).toList();
    Set<String> exclude = Set.of(unrestricted.get(0), unrestricted.get(2), "unknown-id");

    List<Neighbor> result = index.nearestTo("i5", 5, exclude);

    assertThat(result).hasSize(5);
    assertThat(result).extracting(Neighbor::id).doesNotContainAnyElementsOf(exclude).doesNotContain("i5");
    assertThat(result).extracting(Neighbor::id)
        .containsExactlyElementsOf(bruteForce(vectors, vectors.vector("i5"), 5, Set.of("i5", unrestricted.get(0), unrestricted.get(2))));
  }

  @Test
  void askingForMoreThanTheCatalogReturnsEveryOtherItem() {
    Embeddings vectors = randomVectors(4, 3, 8);

    List<Neighbor> result = new ExactIndex(vectors).nearestTo("i0", 10, Set.of("i1"));

    assertThat(result).extracting(Neighbor::id).containsExactlyInAnyOrder("i2", "i3");
  }

  @Test
  void unknownIdHasNoNeighbours() {
    assertThat(new ExactIndex(randomVectors(4, 3, 9)).nearestTo("nope", 3, Set.of())).isEmpty();
  }

  @Test
  void scoresAreCosineSimilarities() {
    Embeddings vectors = Embeddings.of(List.of("x", "y", "z"), new float[] {2, 0, 1, 1, 0, -3}, 2);

    List<Neighbor> result = new ExactIndex(vectors).nearest(new float[] {5, 0}, 3, Set.of());

    assertThat(result).extracting(Neighbor::id).containsExactly("x", "y", "z");
    assertThat(result.get(0).score()).isEqualTo(1f);
    assertThat(result.get(1).score()).isCloseTo((float) Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(result.get(2).score()).isEqualTo(0f);
  }
}
