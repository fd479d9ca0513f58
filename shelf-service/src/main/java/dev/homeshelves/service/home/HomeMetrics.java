package dev.homeshelves.service.home;

import dev.homeshelves.api.v1.Source;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/**
 * Metrics of the read path (Prometheus names in docs/serving.md): GetHome latency, answers by
 * source, invalid requests, Bigtable read failures by reason. Cache hits and misses come from
 * {@link LastGoodHomesMetrics}.
 */
@Singleton
public final class HomeMetrics {

  private final MeterRegistry registry;
  private final Timer latency;
  private final Map<Source, Counter> responses = new EnumMap<>(Source.class);
  private final Counter readErrors;
  private final Counter readTimeouts;
  private final Counter defaultRefreshFailures;
  private final Counter cancelled;
  private final Counter readsSkipped;
  private final Counter readsShed;

  public HomeMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.latency =
        Timer.builder("homeshelves.home.get")
            .description("GetHome latency, from request to response")
            .publishPercentileHistogram()
            .register(registry);
    for (Source source : new Source[] {Source.SOURCE_FRESH, Source.SOURCE_STALE, Source.SOURCE_DEFAULT}) {
      responses.put(
          source,
          Counter.builder("homeshelves.home.responses")
              .description("GetHome answers by where their shelves came from")
              .tag("source", source.name())
              .register(registry));
    }
    this.readErrors = readFailures("error");
    this.readTimeouts = readFailures("timeout");
    this.defaultRefreshFailures =
        Counter.builder("homeshelves.home.default.refresh.failures")
            .description("Failed refreshes of the in-memory default Home")
            .register(registry);
    this.cancelled =
        Counter.builder("homeshelves.home.cancelled")
            .description("GetHome calls the client cancelled (e.g. its deadline passed) before the answer")
            .register(registry);
    this.readsSkipped = readsSkipped(registry, "breaker-open");
    this.readsShed = readsSkipped(registry, "reads-in-flight");
  }

  /** Gauge of the read breaker: 0 closed (reading), 1 open (not reading), 2 half-open (probing). */
  void monitorBreaker(CircuitBreaker breaker) {
    Gauge.builder("homeshelves.home.bigtable.breaker.state", breaker, b -> switch (b.getState()) {
          case CLOSED, DISABLED, METRICS_ONLY -> 0;
          case OPEN, FORCED_OPEN -> 1;
          case HALF_OPEN -> 2;
        })
        .description("Read breaker in front of GetHome's Bigtable read: 0 closed, 1 open (fallbacks only), 2 half-open (probing)")
        .register(registry);
  }

  private static Counter readsSkipped(MeterRegistry registry, String reason) {
    return Counter.builder("homeshelves.home.bigtable.reads.skipped")
        .description("GetHome calls answered from the fallbacks without a Bigtable read: the read breaker was open"
            + " (reason=breaker-open) or max-reads-in-flight reads were already in flight (reason=reads-in-flight)")
        .tag("reason", reason)
        .register(registry);
  }

  void readSkipped() {
    readsSkipped.increment();
  }

  void readShed() {
    readsShed.increment();
  }

  private Counter readFailures(String reason) {
    return Counter.builder("homeshelves.home.bigtable.read.failures")
        .description("Bigtable reads of the read path that failed or exceeded the deadline")
        .tag("reason", reason)
        .register(registry);
  }

  /** The GetHome latency timer. */
  public Timer latency() {
    return latency;
  }

  void answered(Source source) {
    responses.get(source).increment();
  }

  void invalidRequest(String field) {
    Counter.builder("homeshelves.home.requests.invalid")
        .description("GetHome requests refused as INVALID_ARGUMENT, by the offending field")
        .tag("field", field)
        .register(registry)
        .increment();
  }

  void readFailed(boolean timedOut) {
    (timedOut ? readTimeouts : readErrors).increment();
  }

  void cancelled() {
    cancelled.increment();
  }

  void defaultRefreshFailed() {
    defaultRefreshFailures.increment();
  }
}
