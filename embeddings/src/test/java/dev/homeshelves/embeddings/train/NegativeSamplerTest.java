package dev.homeshelves.embeddings.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {

  /** Item "i" occurs i + 1 times, in one sequence. */
  private static Corpus corpusWithCounts(int items) {
    List<String> sequence = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      for (int c = 0; c <= i; c++) {
        sequence.add("i" + i);
      }
    }
    return Corpus.of(List.of(sequence), 1);
  }

  private static double[] expected(Corpus corpus, double exponent) {
    double[] p = new double[corpus.vocabularySize()];
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.pow(corpus.count(i), exponent);
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= total;
    }
    return p;
  }

  @Test
  void tableProbabilitiesAreCountsRaisedToTheExponentAlsoWhenNegative() {
    Corpus corpus = corpusWithCounts(300);
    for (double exponent : new double[] {0.75, 0, -0.5, -2}) {
      double[] want = expected(corpus, exponent);
      NegativeSampler sampler = NegativeSampler.of(corpus, exponent);
      for (int i = 0; i < want.length; i++) {
        assertThat(sampler.probability(i)).as("item %d, exponent %s", i, exponent)
            .isCloseTo(want[i], within(1e-6));
      }
    }
  }

  @Test
  void drawsFollowTheDistribution() {
    Corpus corpus = corpusWithCounts(20);
    double[] want = expected(corpus, -0.5);
    NegativeSampler sampler = NegativeSampler.of(corpus, -0.5);
    SplittableRandom random = new SplittableRandom(7);
    int draws = 400_000;
    int[] seen = new int[want.length];
    for (int d = 0; d < draws; d++) {
      seen[sampler.sample(random.nextInt(sampler.columns()), random.nextInt(1 << 24))]++;
    }
    for (int i = 0; i < want.length; i++) {
      // Five standard deviations of a binomial count.
      double sd = Math.sqrt(draws * want[i] * (1 - want[i]));
      assertThat((double) seen[i]).as("item %d", i).isCloseTo(draws * want[i], within(5 * sd));
    }
  }

  @Test
  void singleItemVocabularyAlwaysDrawsIt() {
    NegativeSampler sampler = NegativeSampler.of(corpusWithCounts(1), 0.75);
    assertThat(sampler.columns()).isEqualTo(1);
    assertThat(sampler.sample(0, 0)).isZero();
    assertThat(sampler.sample(0, (1 << 24) - 1)).isZero();
  }
}
