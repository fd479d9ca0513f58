package dev.homeshelves.service.signals;

import dev.homeshelves.api.v1.SignalKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worker's meters (Prometheus names in docs/worker.md), all named {@code homeshelves_worker_*}
 * and described: signals by kind and outcome, dead letters, the time of each step of the
 * signal path and of each phase of a recompute, recomputes, failures, parked users, refused
 * leases, the sweep, event-to-shelf freshness, function errors and timeouts (the trending meters are {@link TrendingAggregator}'s).
 */
public final class WorkerMetrics implements FunctionRunner.Failures {

  /** What happened to one signal; the tag value is the lower-case name with dashes. */
  public enum Outcome {
    STORED, DUPLICATE, IGNORED, INVALID, FAILED, UNKNOWN_ITEM;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The steps of the signal path, timed by {@link SignalPipeline}. */
  public enum Step {
    PARSE, VALIDATE, STORE, DEDUP, MARK_OWED, TRENDING;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The phases of a recompute, timed apart by {@link ShelfRecomputer}. */
  public enum Phase { READ, PLAN, FUNCTIONS, WRITE }

  private final MeterRegistry registry;
  private final Counter received;
  private final Counter recomputes;
  private final Counter coalesced;
  private final Counter recomputeFailures;
  private final Counter parked;
  private final Counter leaseRefused;
  private final Counter swept;
  private final Timer recomputeLatency;
  private final Timer freshness;
  private final Map<Phase, Timer> phaseTimers = new EnumMap<>(Phase.class);
  private final Map<Step, Timer> stepTimers = new EnumMap<>(Step.class);
  private final DistributionSummary batchSize;

  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    received = counter("homeshelves.worker.messages.received", "Pub/Sub messages received (deliveries, repeats included)");
    recomputes = counter("homeshelves.worker.recomputes", "Users whose shelves a recompute wrote");
    coalesced = counter("homeshelves.worker.coalesced.signals",
        "Owed signals that joined a recompute already scheduled on this replica");
    recomputeFailures = counter("homeshelves.worker.recompute.failures",
        "User recomputes that failed (the user stays owed and is retried with backoff)");
    parked = counter("homeshelves.worker.recompute.parked",
        "Users parked after recompute-max-attempts failed recomputes in a row (retried every recompute-max-backoff)");
    leaseRefused = counter("homeshelves.worker.recompute.lease.refused",
        "Recompute attempts refused a user's lease (another replica recomputes them, or the debounce or backoff runs)");
    swept = counter("homeshelves.worker.sweep.users", "Owed users the sweep found (left by a stopped or crashed replica)");
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
          .description("Time of one phase of a recompute: read (load context), plan, functions or write")
          .tag("phase", phase.name().toLowerCase(Locale.ROOT))
          .register(registry));
    }
    for (Step step : Step.values()) {
      stepTimers.put(step, Timer.builder("homeshelves.worker.step")
          .description("Time of one step of the signal path: parse, validate, store, dedup, mark-owed, trending")
          .tag("step", step.tag())
          .register(registry));
    }
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  public void received() {
    received.increment();
  }

  public void signal(SignalKind kind, Outcome outcome) {
    Counter.builder("homeshelves.worker.signals")
        .description("Valid signals by kind and outcome (stored, duplicate, ignored, failed, unknown-item)")
        .tags("kind", kind.name(), "outcome", outcome.tag())
        .register(registry).increment();
  }

  /** A message that is not a valid signal (its kind is unknown, so none is tagged). */
  public void deadLettered(SignalParser.Rejection reason) {
    Counter.builder("homeshelves.worker.dead.lettered")
        .description("Messages the worker published to the dead-letter topic, by reason")
        .tag("reason", reason.attributeValue())
        .register(registry).increment();
  }

  /** A step of the signal path that started at {@code startedNanos} (System.nanoTime) just ended. */
  public void step(Step step, long startedNanos) {
    stepTimers.get(step).record(System.nanoTime() - startedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void recompute(Duration took) {
    recomputes.increment();
    recomputeLatency.record(took);
  }

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

  public void parked() {
    parked.increment();
  }

  public void leaseRefused() {
    leaseRefused.increment();
  }

  public void swept(int users) {
    swept.increment(users);
  }

  public void coalesced() {
    coalesced.increment();
  }

  public void freshness(Duration eventToShelf) {
    freshness.record(eventToShelf.isNegative() ? Duration.ZERO : eventToShelf);
  }

  @Override
  public void functionError(String functionId) {
    Counter.builder("homeshelves.worker.function.errors")
        .description("Shelf function runs that threw (the shelf keeps its previous cell)")
        .tag("function", functionId).register(registry).increment();
  }

  @Override
  public void functionTimeout(String functionId) {
    Counter.builder("homeshelves.worker.function.timeouts")
        .description("Shelf function runs that overran function-budget (the shelf keeps its previous cell)")
        .tag("function", functionId).register(registry).increment();
  }

  /** Registers a described gauge read from {@code value}. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
