package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.ShelfRows;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.signals.WorkerMetrics.Phase;
import dev.homeshelves.service.store.ShelfStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recompute path, step by step: {@link LoadContext} (one read of plays, one of follows for
 * a batch of users) → plan ({@link RunPlan}: which functions, with which parameters, per the
 * user's experiments) → {@link RunFunctions} → {@link WriteShelves} (one bulk write). Each step
 * is timed here ({@code homeshelves_worker_recompute_phase_seconds}). Each user stays isolated:
 * their functions have their own budget, their row is written or fails on its own, and when
 * the batch read fails every user is retried alone.
 *
 * <p>Which users, when, and at which version is the {@link RecomputeCoordinator}'s business;
 * seed, backfill and the admin recompute call this directly, at the clock's time.
 */
public final class ShelfRecomputer {

  private static final Logger LOG = LoggerFactory.getLogger(ShelfRecomputer.class);

  private final LoadContext load;
  private final RunPlan plan;
  private final RunFunctions functions;
  private final WriteShelves write;
  private final WorkerMetrics metrics;
  private final Clock clock;

  public ShelfRecomputer(LoadContext load, RunPlan plan, RunFunctions functions, WriteShelves write,
      WorkerMetrics metrics, Clock clock) {
    this.load = load;
    this.plan = plan;
    this.functions = functions;
    this.write = write;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * A user to recompute: their shelves get {@code version} as {@code computed_at} and cell
   * timestamp; {@code signalTimes} (when the owed signals occurred) feed the freshness histogram.
   */
  public record DirtyUser(String userId, Instant version, List<Instant> signalTimes) {}

  /**
   * A user whose recompute failed, and why. {@code written}: the shelves that could be computed
   * were written, but some functions overran their budget, so the Home may not reflect every
   * owed signal yet — the coordinator keeps the user owed and tries again after a backoff.
   */
  public record Failure(String userId, Throwable cause, boolean written) {}

  /**
   * Recomputes and writes one user's shelves now.
   *
   * @throws RuntimeException when the user's data could not be read or the shelves not written
   */
  public void recompute(String userId) {
    var failed = recomputeAll(List.of(new DirtyUser(userId, clock.instant(), List.of())));
    // Written with some functions over budget: as good as one call can do (their old shelves stay).
    if (!failed.isEmpty() && !failed.get(0).written()) {
      var cause = failed.get(0).cause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }

  /**
   * Recomputes a batch of users: one read of their plays, one of their follows, one bulk write.
   *
   * @return the users whose recompute failed (logged); empty when all were written
   */
  public List<Failure> recomputeAll(List<DirtyUser> users) {
    if (users.isEmpty()) {
      return List.of();
    }
    long started = System.nanoTime();
    var versions = new LinkedHashMap<String, Instant>();
    users.forEach(u -> versions.put(u.userId(), u.version()));
    Map<String, UserContexts.UserContext> contexts;
    try {
      contexts = load.load(versions);
    } catch (RuntimeException e) {
      if (users.size() == 1) {
        return List.of(failed(users.get(0).userId(), e));
      }
      LOG.warn("reading a batch of {} users failed ({}); recomputing each alone", users.size(), e.toString());
      var failures = new ArrayList<Failure>();
      for (var user : users) {
        failures.addAll(recomputeAll(List.of(user)));
      }
      return failures;
    }
    long read = System.nanoTime() - started;

    var computed = new LinkedHashMap<String, ShelfRows.Recomputed>();
    var overran = new HashMap<String, Set<String>>();
    var functionTimes = new HashMap<String, Long>();
    var failures = new ArrayList<Failure>();
    for (var user : users) {
      var id = user.userId();
      // A function that overran or failed is logged (FunctionRunner) for this user.
      try (var forUser = LogContext.isolate()) {
        LogContext.set(LogContext.USER_ID, id);
        try {
          long planning = System.nanoTime();
          var runs = plan.forUser(id);
          long running = System.nanoTime();
          metrics.recomputePhase(Phase.PLAN, Duration.ofNanos(running - planning));
          var ctx = contexts.get(id);
          var outcome = functions.outcome(runs, ctx.context(), user.version(), ctx.lastSignal());
          computed.put(id, outcome.recomputed());
          if (!outcome.overran().isEmpty()) {
            overran.put(id, outcome.overran());
          }
          functionTimes.put(id, System.nanoTime() - running);
        } catch (RuntimeException e) {
          failures.add(failed(id, e));
        }
      }
    }

    long writing = System.nanoTime();
    Map<String, Throwable> notWritten = write.write(computed);
    var written = clock.instant();
    long wrote = System.nanoTime() - writing;
    long took = System.nanoTime() - started;
    notWritten.forEach((id, e) -> failures.add(failed(id, e)));
    overran.forEach((id, ids) -> {
      if (!notWritten.containsKey(id)) {
        failures.add(new Failure(id, new FunctionsOverranException(ids), true));
      }
    });
    for (var user : users) {
      if (!computed.containsKey(user.userId()) || notWritten.containsKey(user.userId())) {
        continue;
      }
      // Each user of the batch waited for the batch's read and write, and for their own functions.
      metrics.recomputePhase(Phase.READ, Duration.ofNanos(read));
      metrics.recomputePhase(Phase.FUNCTIONS, Duration.ofNanos(functionTimes.get(user.userId())));
      metrics.recomputePhase(Phase.WRITE, Duration.ofNanos(wrote));
      metrics.recompute(Duration.ofNanos(took));
      for (var t : user.signalTimes()) {
        metrics.freshness(Duration.between(t, written));
      }
    }
    metrics.recomputeBatch(users.size());
    return failures;
  }

  private Failure failed(String userId, Throwable cause) {
    metrics.recomputeFailed();
    try (var forUser = LogContext.isolate()) {
      LogContext.set(LogContext.USER_ID, userId);
      LOG.warn("recompute of user {} failed: {}", userId, cause.toString());
    }
    return new Failure(userId, cause, false);
  }

  /** Some of a user's functions overran their time budget, so their shelves are not up to date. */
  static final class FunctionsOverranException extends RuntimeException {
    FunctionsOverranException(Set<String> shelfIds) {
      super("shelf functions overran their budget: " + String.join(", ", new java.util.TreeSet<>(shelfIds)));
    }
  }

  /** The user's shelves as of now, computed but not written. */
  public List<Shelf> compute(String userId) {
    return computation(userId).shelves();
  }

  /** The user's shelves as of now and the functions that failed, computed but not written (the admin recompute writes them). */
  public ShelfRows.Recomputed computation(String userId) {
    var now = clock.instant();
    long reading = System.nanoTime();
    var ctx = load.load(Map.of(userId, now)).get(userId);
    long running = System.nanoTime();
    metrics.recomputePhase(Phase.READ, Duration.ofNanos(running - reading));
    var computed = functions.recompute(plan.forUser(userId), ctx.context(), now, ctx.lastSignal());
    metrics.recomputePhase(Phase.FUNCTIONS, Duration.ofNanos(System.nanoTime() - running));
    return computed;
  }

  /** Recomputes and writes the default Home (trending-now and whatever else needs no history). */
  public void refreshDefaultHome() {
    write.writeDefaultHome(recomputedDefaultHome());
  }

  /** The default Home: every function run for a user with no history (trending-now etc.). */
  public List<Shelf> defaultHome() {
    return recomputedDefaultHome().shelves();
  }

  private ShelfRows.Recomputed recomputedDefaultHome() {
    var now = clock.instant();
    return functions.recompute(plan.forDefaultHome(), load.defaultHome(ShelfStore.DEFAULT_ROW, now), now, Optional.empty());
  }
}
