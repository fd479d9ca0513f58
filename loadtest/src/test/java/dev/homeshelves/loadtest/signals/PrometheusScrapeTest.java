package dev.homeshelves.loadtest.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {
  private static final String BEFORE = """
      # HELP homeshelves_worker_freshness_seconds Event-to-shelf freshness
      # TYPE homeshelves_worker_freshness_seconds histogram
      homeshelves_worker_freshness_seconds_bucket{le="1.0",} 10.0
      homeshelves_worker_freshness_seconds_bucket{le="2.0",} 10.0
      homeshelves_worker_freshness_seconds_bucket{le="4.0",} 10.0
      homeshelves_worker_freshness_seconds_bucket{le="+Inf",} 10.0
      homeshelves_worker_signals_total{kind="PLAY",outcome="stored",} 5.0
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space",} 1048576.0
      jvm_memory_used_bytes{area="nonheap",id="Metaspace",} 9.9E7
      """;
  private static final String AFTER = """
      homeshelves_worker_freshness_seconds_bucket{le="1.0",} 10.0
      homeshelves_worker_freshness_seconds_bucket{le="2.0",} 60.0
      homeshelves_worker_freshness_seconds_bucket{le="4.0",} 110.0
      homeshelves_worker_freshness_seconds_bucket{le="+Inf",} 110.0
      homeshelves_worker_signals_total{kind="PLAY",outcome="stored",} 105.0
      homeshelves_worker_signals_total{kind="PLAY",outcome="duplicate",} 2.0
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space",} 2097152.0
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen",} 1048576.0
      """;

  @Test
  void quantilesComeFromWhatTheHistogramRecordedBetweenTwoScrapes() {
    PrometheusScrape before = PrometheusScrape.parse(0, BEFORE);
    PrometheusScrape after = PrometheusScrape.parse(1, AFTER);

    // 100 new observations: 50 in (1, 2], 50 in (2, 4]; the 10 older ones under 1 s are not counted.
    assertThat(after.quantileSince(before, "homeshelves_worker_freshness_seconds", 0.5))
        .isCloseTo(2.0, within(1e-9));
    assertThat(after.quantileSince(before, "homeshelves_worker_freshness_seconds", 0.99))
        .isCloseTo(3.96, within(1e-9));
  }

  @Test
  void sumsSelectSamplesByLabels() {
    PrometheusScrape after = PrometheusScrape.parse(1, AFTER);

    assertThat(after.sum("homeshelves_worker_signals_total")).isEqualTo(107.0);
    assertThat(after.sum("jvm_memory_used_bytes", l -> "heap".equals(l.get("area"))))
        .isEqualTo(3 * 1048576.0);
  }

  @Test
  void aHistogramWithNothingNewHasNoQuantile() {
    PrometheusScrape before = PrometheusScrape.parse(0, BEFORE);

    assertThat(before.quantileSince(before, "homeshelves_worker_freshness_seconds", 0.5)).isNaN();
  }
}
