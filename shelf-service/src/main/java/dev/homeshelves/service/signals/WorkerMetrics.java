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
 * function errors and timeouts (the trending meters are {@link TrendingAggregator}'s).
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
  private final Map<Phase, Timer> phaseTimers = new EnumMap<>(Phase.class);
  private final DistributionSummary batchSize;

  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    received = registry.counter("homeshelves.worker.messages.received");
    recomputes = registry.counter("homeshelves.worker.recomputes");
    coalesced = registry.counter("homeshelves.worker.coalesced.signals");
    recomputeFailures = registry.counter("homeshelves.worker.recompute.failures");
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
    registry.counter("homeshelves.worker.signals", "kind", kind.name(),
        "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
  }

  /** A message that is not a valid signal (its kind is unknown, so none is tagged). */
  public void deadLettered(SignalParser.Rejection reason) {
    registry.counter("homeshelves.worker.dead.lettered", "reason", reason.attributeValue()).increment();
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
    registry.counter("homeshelves.worker.function.errors", "function", functionId).increment();
  }

  public void functionTimeout(String functionId) {
    registry.counter("homeshelves.worker.function.timeouts", "function", functionId).increment();
  }

  /** Registers a gauge read from {@code value} (pending users, parked signals). */
  public void gauge(String name, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
