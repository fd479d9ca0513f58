package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.signals.ShelfRecomputer.DirtyUser;
import dev.homeshelves.service.store.RecomputeStore;
import dev.homeshelves.service.store.RecomputeStore.UserState;
import dev.homeshelves.service.tracing.RecomputeSpans;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which owed users to recompute, when, and on which replica, with the shared state in
 * Bigtable ({@link RecomputeStore}) rather than in memory:
 *
 * <ol>
 *   <li>A user is owed once a signal's owed mark is durable ({@link MarkOwed}); the replica
 *       that stored it schedules the user here at once. Every replica's sweep also schedules
 *       users owed for longer than {@code sweep-age} (left by a replica that died or stopped).
 *   <li>A free recompute thread takes the users due (up to {@code recompute-batch}) and tries
 *       each one's lease (a conditional write on row {@code l#<user>}). The lease is refused
 *       while another replica recomputes the user, and until {@code debounce} after the
 *       previous recompute started, or after a failure until its backoff has passed: one
 *       recompute per user per interval across all replicas. A refused user is dropped if
 *       someone holds the lease (they re-check after), else scheduled for when it frees.
 *   <li>With the lease: read the owed marks, recompute at version {@code max(now, last
 *       version + 1 ms)} (so shelves never go backwards, whatever the clocks), delete exactly
 *       the marks seen, give the lease back with the next start time, then read the marks again:
 *       a signal marked meanwhile gets its user scheduled again.
 *   <li>A failed recompute keeps its marks; the user is retried after {@code recompute-backoff},
 *       doubling up to {@code recompute-max-backoff}; after {@code recompute-max-attempts} the
 *       user is counted as parked and retried only every max backoff.
 * </ol>
 *
 * Nothing here needs to survive a crash: the marks are the truth, and memory only holds hints.
 */
public final class RecomputeCoordinator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecomputeCoordinator.class);
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final RecomputeStore store;
  private final ShelfRecomputer recomputer;
  private final WorkerSettings settings;
  private final WorkerMetrics metrics;
  private final Clock clock;
  private final String owner;
  private final RecomputeSpans spans;
  private final ScheduledThreadPoolExecutor timer;
  private final ScheduledThreadPoolExecutor sweeper;
  private final ThreadPoolExecutor pool;
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<String> due = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  /** @param owner this replica's name in the leases (unique per process) */
  public RecomputeCoordinator(RecomputeStore store, ShelfRecomputer recomputer, WorkerSettings settings,
      WorkerMetrics metrics, Clock clock, String owner, RecomputeSpans spans) {
    this.store = store;
    this.recomputer = recomputer;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.owner = owner;
    this.spans = spans;
    this.timer = daemonTimer("recompute-timer");
    this.timer.setRemoveOnCancelPolicy(true);
    this.sweeper = daemonTimer("recompute-sweep");
    int threads = settings.recomputeThreads();
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      var t = new Thread(r, "recompute");
      t.setDaemon(true);
      return t;
    });
    metrics.gauge("homeshelves.worker.pending.users", "Owed users this replica has scheduled for a recompute",
        scheduled::size);
  }

  /** Starts the sweep for users owed but left by another (or an earlier) replica. */
  public void start() {
    long ms = settings.sweepInterval().toMillis();
    sweeper.scheduleWithFixedDelay(this::sweep, 0, ms, TimeUnit.MILLISECONDS);
  }

  /** The user's owed mark is durable: try their recompute now. */
  public void owed(String userId) {
    schedule(userId, Duration.ZERO);
  }

  private void schedule(String userId, Duration in) {
    if (closed) {
      return;
    }
    if (!scheduled.add(userId)) {
      metrics.coalesced();
      return;
    }
    if (scheduled.size() > settings.maxPendingUsers()) {
      // Memory stays bounded: the user stays owed in Bigtable and the sweep comes back for them.
      scheduled.remove(userId);
      return;
    }
    try {
      timer.schedule(() -> {
        due.add(userId);
        pool.execute(this::runDue);
      }, Math.max(0, in.toMillis()), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      scheduled.remove(userId);
    }
  }

  private void sweep() {
    try {
      var users = store.owedSince(clock.instant().minus(settings.sweepAge()), settings.maxPendingUsers());
      metrics.swept(users.size());
      users.forEach(this::owed);
    } catch (RuntimeException e) {
      LOG.warn("sweep for owed users failed, the next one retries: {}", e.toString());
    }
  }

  private void runDue() {
    var users = new ArrayList<String>();
    String userId;
    while (users.size() < settings.recomputeBatch() && (userId = due.poll()) != null) {
      // Out of the set before the lease is tried, so a signal arriving from now on schedules again.
      scheduled.remove(userId);
      users.add(userId);
    }
    if (!users.isEmpty()) {
      try {
        recompute(users);
      } catch (RuntimeException e) {
        LOG.warn("recompute round of {} users failed; they stay owed and are retried: {}", users.size(), e.toString());
        users.forEach(u -> schedule(u, settings.recomputeBackoff()));
      }
    }
  }

  private void recompute(List<String> users) {
    var start = clock.instant();
    var acquiring = new LinkedHashMap<String, ApiFuture<Boolean>>();
    for (var u : users) {
      acquiring.put(u, store.tryAcquire(u, owner, start, start.plus(settings.recomputeLease())));
    }
    var acquired = new ArrayList<String>();
    var refused = new ArrayList<String>();
    acquiring.forEach((u, f) -> {
      if (get(f)) {
        acquired.add(u);
      } else {
        refused.add(u);
      }
    });
    Map<String, UserState> states = get(store.read(users));
    for (var u : refused) {
      metrics.leaseRefused();
      var lease = states.get(u).lease();
      if (!lease.heldAt(start) && !states.get(u).owed().isEmpty()) {
        // Debounce or backoff: nobody is on it, so come back when it frees.
        schedule(u, Duration.between(start, lease.until()));
      }
    }
    var dirty = new ArrayList<DirtyUser>();
    for (var u : acquired) {
      var state = states.get(u);
      if (state.owed().isEmpty()) {
        // Owed signals already included by someone else's recompute: give the lease straight back.
        get(store.release(u, owner, start, state.lease().version(), state.lease().attempts(),
            state.lease().reason()));
        continue;
      }
      long version = Math.max(start.toEpochMilli(), state.lease().version() + 1);
      dirty.add(new DirtyUser(u, Instant.ofEpochMilli(version), List.copyOf(state.owed().values())));
    }
    if (dirty.isEmpty()) {
      return;
    }
    var failures = new HashMap<String, Throwable>();
    var span = spans.start(dirty.size(), dirty.stream().mapToInt(d -> states.get(d.userId()).owed().size()).sum(),
        () -> dirty.stream().flatMap(d -> states.get(d.userId()).traceparents().stream()).toList());
    try {
      recomputer.recomputeAll(dirty).forEach(f -> failures.put(f.userId(), f.cause()));
    } finally {
      span.setAttribute(RecomputeSpans.FAILED, (long) failures.size());
      span.end();
    }
    var included = new HashMap<String, Set<String>>();
    for (var d : dirty) {
      if (!failures.containsKey(d.userId())) {
        included.put(d.userId(), new HashSet<>(states.get(d.userId()).owed().keySet()));
      }
    }
    try {
      get(store.clearOwed(included));
    } catch (RuntimeException e) {
      // The marks stay: the users are recomputed once more, which is harmless.
      LOG.warn("clearing the owed marks of {} users failed: {}", included.size(), e.toString());
    }
    var releases = new ArrayList<ApiFuture<Boolean>>();
    for (var d : dirty) {
      var lease = states.get(d.userId()).lease();
      var failure = failures.get(d.userId());
      if (failure == null) {
        releases.add(store.release(d.userId(), owner, start.plus(settings.debounce()),
            d.version().toEpochMilli(), 0, ""));
      } else {
        int attempts = lease.attempts() + 1;
        if (attempts == settings.recomputeMaxAttempts()) {
          metrics.parked();
          try (var forUser = LogContext.isolate()) {
            LogContext.set(LogContext.USER_ID, d.userId());
            LOG.error("recompute of user {} failed {} times, parking it (retried every {}): {}", d.userId(),
                attempts, settings.recomputeMaxBackoff(), failure.toString());
          }
        }
        releases.add(store.release(d.userId(), owner, clock.instant().plus(backoff(attempts)),
            lease.version(), attempts, failure.toString()));
      }
    }
    releases.forEach(RecomputeCoordinator::get);
    // A signal marked while we held the lease was refused by it: pick it up now that it is free.
    var after = get(store.read(dirty.stream().map(DirtyUser::userId).toList()));
    var now = clock.instant();
    after.forEach((u, state) -> {
      if (!state.owed().isEmpty()) {
        schedule(u, Duration.between(now, state.lease().until()));
      }
    });
  }

  /** The wait after the {@code attempts}-th failure in a row. */
  Duration backoff(int attempts) {
    if (attempts >= settings.recomputeMaxAttempts()) {
      return settings.recomputeMaxBackoff();
    }
    var wait = settings.recomputeBackoff().multipliedBy(1L << Math.min(30, attempts - 1));
    return wait.compareTo(settings.recomputeMaxBackoff()) > 0 ? settings.recomputeMaxBackoff() : wait;
  }

  /** Users scheduled on this replica. */
  public int pendingUsers() {
    return scheduled.size();
  }

  /**
   * Stops scheduling and lets the rounds running finish (they give their leases back). Users
   * scheduled but not started stay owed in Bigtable, for the sweep of any replica.
   */
  @Override
  public void close() {
    closed = true;
    sweeper.shutdownNow();
    timer.shutdownNow();
    pool.shutdown();
    try {
      if (!pool.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("recomputes still running after {}; their users stay owed", GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T get(ApiFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private static ScheduledThreadPoolExecutor daemonTimer(String name) {
    return new ScheduledThreadPoolExecutor(1, r -> {
      var t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
