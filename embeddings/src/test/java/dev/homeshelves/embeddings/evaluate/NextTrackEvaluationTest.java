package dev.homeshelves.embeddings.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.recommend.ItemStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NextTrackEvaluationTest {
  /** Recommends "x0".."x59" in order, except that seed "a" gets "b" at rank 3. */
  private static List<Neighbor> fixed(String seed) {
    List<Neighbor> out = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      out.add(new Neighbor("x" + i, 1f));
    }
    if (seed.equals("a")) {
      out.set(2, new Neighbor("b", 1f));
    }
    return out;
  }

  @Test
  void hitRatesAndMrrCountRanksWithinTheirCutoffs() {
    NextTrackEvaluation eval = NextTrackEvaluation.of(List.of(
        List.of("a", "b"),        // rank 3: hit@10, hit@50, 1/3
        List.of("c", "x20"),      // rank 21: hit@50 only, 1/21
        List.of("d", "x55"),      // rank 56: miss
        List.of("e")));           // no pair

    NextTrackEvaluation.Metrics m = eval.evaluate(NextTrackEvaluationTest::fixed);

    assertThat(m.pairs()).isEqualTo(3);
    assertThat(m.hitRate10()).isCloseTo(1 / 3.0, offset(1e-12));
    assertThat(m.hitRate50()).isCloseTo(2 / 3.0, offset(1e-12));
    assertThat(m.mrr()).isCloseTo((1 / 3.0 + 1 / 21.0) / 3, offset(1e-12));
  }

  @Test
  void popularityBaselineNeverRecommendsTheSeed() {
    ItemStats stats = ItemStats.of(List.of(List.of("p", "p", "p", "q", "q", "r")), 1);
    PopularityBaseline baseline = new PopularityBaseline(stats, 2);

    assertThat(baseline.recommend("p")).extracting(Neighbor::id).containsExactly("q", "r");
    assertThat(baseline.recommend("z")).extracting(Neighbor::id).containsExactly("p", "q");
  }
}
