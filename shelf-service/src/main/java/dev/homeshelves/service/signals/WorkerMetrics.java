package dev.homeshelves.service.signals;

import dev.homeshelves.api.v1.SignalKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worker's meters (Prometheus names in docs/worker.md): signals by kind and outcome,
 * dead letters, recomputes, coalesced signals, recompute latency, event-to-shelf freshness,
 * function errors and timeouts, trending flushes and increments.
 */
public final class WorkerMetrics {

  /** What happened to one signal. */
  public enum Outcome { STORED, DUPLICATE, IGNORED, INVALID, FAILED }

  private final MeterRegistry registry;
  private final Counter received;
  private final Counter recomputes;
  private final Counter coalesced;
  private final Counter recomputeFailures;
  private final Timer recomputeLatency;
  private final Timer freshness;
  private final Counter trendingFlushes;
  private final Counter trendingIncrements;
  private final Counter trendingFlushFailures;
  private final Map<Phase, Timer> phaseTimers = new EnumMap<>(Phase.class);
  private final DistributionSummary batchSize;

  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    received = Counter.builder("homeshelves.worker.messages.received").description("Pub/Sub messages the worker received, valid or not").register(registry);
    recomputes = Counter.builder("homeshelves.worker.recomputes").description("Users whose shelves were recomputed and written").register(registry);
    coalesced = Counter.builder("homeshelves.worker.coalesced.signals").description("Signals that joined a recompute already pending for their user (debounce)").register(registry);
    recomputeFailures = Counter.builder("homeshelves.worker.recompute.failures").description("Recomputes that failed (the user keeps the previous shelves; retried on the next signal)").register(registry);
    recomputeLatency = Timer.builder("homeshelves.worker.recompute.latency")
        .description("Time to load a user's context, run the shelf functions and write the shelves")
        .publishPercentileHistogram()
        .register(registry);
    freshness = Timer.builder("homeshelves.worker.freshness")
        .description("Event-to-shelf freshness: occurred_at of a signal to its user's shelves written")
        .publishPercentileHistogram()
        // Also as quantiles computed in the worker, readable straight off /prometheus.
        .publishPercentiles(0.5, 0.99)
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
    trendingFlushes = Counter.builder("homeshelves.worker.trending.flushes").description("Writes of the in-memory trending counts to Bigtable").register(registry);
    trendingIncrements = Counter.builder("homeshelves.worker.trending.increments").description("Trending increments written, one per (bucket, track) per flush").register(registry);
    trendingFlushFailures = Counter.builder("homeshelves.worker.trending.flush.failures").description("Trending flushes that failed (the counts are kept and written with the next flush)").register(registry);
    batchSize = DistributionSummary.builder("homeshelves.worker.recompute.batch.size")
        .description("Users recomputed together (one read of their data, one bulk write)")
        .register(registry);
    for (Phase phase : Phase.values()) {
      phaseTimers.put(phase, Timer.builder("homeshelves.worker.recompute.phase")
          .description("Time of one phase of a recompute: read, functions or write")
          .tag("phase", phase.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry));
    }
  }

  public void received() {
    received.increment();
  }

  public void signal(SignalKind kind, Outcome outcome) {
    Counter.builder("homeshelves.worker.signals").description("Signals by kind and what happened to them")
        .tags("kind", kind.name(), "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry).increment();
  }

  /** A message that is not a valid signal (its kind is unknown, so none is tagged). */
  public void deadLettered(SignalParser.Rejection reason) {
    Counter.builder("homeshelves.worker.dead.lettered").description("Messages sent to the dead-letter topic, by reason")
        .tag("reason", reason.attributeValue()).register(registry).increment();
  }

  public void recompute(Duration took) {
    recomputes.increment();
    recomputeLatency.record(took);
  }

  /** The phases of a recompute, timed apart: reading the user's data, functions, writing. */
  public enum Phase { READ, FUNCTIONS, WRITE }

  public void recomputePhase(Phase phase, Duration took) {
    phaseTimers.get(phase).record(took);
  }

  /** A batch of {@code users} recomputed together. */
  public void recomputeBatch(int users) {
    batchSize.record(users);
  }

  public void recomputeFailed() {
    recomputeFailures.increment();
  }

  public void coalesced() {
    coalesced.increment();
  }

  public void freshness(Duration eventToShelf) {
    freshness.record(eventToShelf.isNegative() ? Duration.ZERO : eventToShelf);
  }

  public void functionError(String functionId) {
    Counter.builder("homeshelves.worker.function.errors").description("Shelf function runs that threw (the shelf keeps its previous cell)")
        .tag("function", functionId).register(registry).increment();
  }

  public void functionTimeout(String functionId) {
    Counter.builder("homeshelves.worker.function.timeouts").description("Shelf function runs past their time budget (the shelf keeps its previous cell)")
        .tag("function", functionId).register(registry).increment();
  }

  public void trendingFlushed(int increments) {
    trendingFlushes.increment();
    trendingIncrements.increment(increments);
  }

  public void trendingFlushFailed() {
    trendingFlushFailures.increment();
  }

  /** Registers a gauge read from {@code value} (pending users, parked signals), with its help text. */
  public void gauge(String name, String description, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
