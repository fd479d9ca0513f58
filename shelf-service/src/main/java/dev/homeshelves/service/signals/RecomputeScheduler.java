package dev.homeshelves.service.signals;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spike guardrail: recomputes each dirty user at most once per {@code debounce} interval
 * on a fixed pool. The first signal of a quiet user is due at once; signals arriving while a
 * recompute is pending join it (coalesce). At most {@code max-pending-users} users wait; past
 * that, new users' signals are parked and their acks held, so Pub/Sub flow control stops the
 * pull: a flood of users slows freshness but memory stays bounded.
 *
 * <p>Due users are handed to the recompute in batches of up to {@code batch} users: a free
 * thread takes every user due by then, so a quiet worker recomputes a user alone and at once,
 * and a busy one shares each storage round trip among many users (throughput grows with the
 * load instead of the backlog).
 */
public final class RecomputeScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecomputeScheduler.class);
  // A user's signal times kept for the freshness histogram; a burst beyond this only coalesces.
  private static final int MAX_TIMES_PER_USER = 64;

  private final Duration debounce;
  private final int maxPending;
  private final int batch;
  private final Consumer<List<DirtyUser>> recompute;
  private final WorkerMetrics metrics;
  private final Clock clock;
  // Only waits out debounce delays; the recomputes run on the pool.
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor pool;
  private final ConcurrentLinkedQueue<String> due = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<String, PendingUser> pending = new ConcurrentHashMap<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final ArrayDeque<Parked> parked = new ArrayDeque<>();
  private final Cache<String, Instant> lastStart;

  /**
   * @param batch at most this many users per call of {@code recompute}
   * @param recompute recomputes a batch of users; it handles each user's failure itself (a
   *     batch that throws is counted as failed for all of its users)
   */
  public RecomputeScheduler(Duration debounce, int threads, int batch, int maxPending,
      Consumer<List<DirtyUser>> recompute, WorkerMetrics metrics, Clock clock) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    this.debounce = debounce;
    this.maxPending = maxPending;
    this.batch = batch;
    this.recompute = recompute;
    this.metrics = metrics;
    this.clock = clock;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      var t = new Thread(r, "recompute-timer");
      t.setDaemon(true);
      return t;
    });
    this.timer.setRemoveOnCancelPolicy(true);
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          var t = new Thread(r, "recompute");
          t.setDaemon(true);
          return t;
        });
    // Only starts within the last interval matter for the next due time.
    this.lastStart = Caffeine.newBuilder().expireAfterWrite(debounce.plusSeconds(1)).build();
    metrics.gauge("homeshelves.worker.pending.users", "Users waiting for a recompute", pendingCount::get);
    metrics.gauge("homeshelves.worker.parked.signals", "Signals of new users held back (acks waiting) while max-pending-users are pending", this::parkedCount);
  }

  /**
   * Marks {@code userId} dirty because of a signal that occurred at {@code occurredAt};
   * {@code accepted} runs once the user is queued (at once, unless the queue is full).
   */
  public void markDirty(String userId, Instant occurredAt, Runnable accepted) {
    boolean[] queued = {true};
    pending.compute(userId, (id, p) -> {
      if (p != null) {
        metrics.coalesced();
        p.add(occurredAt);
        return p;
      }
      if (pendingCount.get() >= maxPending) {
        queued[0] = false;
        return null;
      }
      pendingCount.incrementAndGet();
      var fresh = new PendingUser();
      fresh.add(occurredAt);
      timer.schedule(() -> due(id), delayFor(id), TimeUnit.MILLISECONDS);
      return fresh;
    });
    if (queued[0]) {
      accepted.run();
    } else {
      synchronized (parked) {
        parked.add(new Parked(userId, occurredAt, accepted));
      }
    }
  }

  private long delayFor(String userId) {
    var last = lastStart.getIfPresent(userId);
    if (last == null) {
      return 0;
    }
    return Math.max(0, Duration.between(clock.instant(), last.plus(debounce)).toMillis());
  }

  private void due(String userId) {
    due.add(userId);
    // One batch run per due user: most find the queue emptied by an earlier one and return.
    pool.execute(this::runDue);
  }

  private void runDue() {
    var users = new ArrayList<DirtyUser>(Math.min(batch, 64));
    String userId;
    while (users.size() < batch && (userId = due.poll()) != null) {
      // Recorded before the pending entry leaves, so a signal arriving meanwhile is scheduled
      // one interval after this start rather than at once.
      lastStart.put(userId, clock.instant());
      var p = pending.remove(userId);
      pendingCount.decrementAndGet();
      users.add(new DirtyUser(userId, p == null ? List.of() : p.times()));
    }
    if (users.isEmpty()) {
      return;
    }
    try {
      recompute.accept(users);
    } catch (RuntimeException e) {
      users.forEach(u -> metrics.recomputeFailed());
      LOG.warn("recompute of {} users failed; their next signals retry them", users.size(), e);
    } finally {
      unpark();
    }
  }

  private void unpark() {
    while (pendingCount.get() < maxPending) {
      Parked next;
      synchronized (parked) {
        next = parked.poll();
      }
      if (next == null) {
        return;
      }
      markDirty(next.userId(), next.occurredAt(), next.accepted());
    }
  }

  private int parkedCount() {
    synchronized (parked) {
      return parked.size();
    }
  }

  public int pendingUsers() {
    return pendingCount.get();
  }

  /** Users due now and waiting for a free recompute thread (a part of the pending ones). */
  public int dueUsers() {
    return due.size();
  }

  /** Stops accepting work, runs the recomputes already scheduled and waits for them. */
  @Override
  public void close() {
    // Delayed tasks still run after shutdown (the executor's default), handing their users on.
    timer.shutdown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      if (timer.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdown();
        pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      timer.shutdownNow();
      pool.shutdownNow();
    }
  }

  /** A user to recompute and when the signals that made them dirty occurred. */
  public record DirtyUser(String userId, List<Instant> signalTimes) {}

  private record Parked(String userId, Instant occurredAt, Runnable accepted) {}

  private static final class PendingUser {
    private final List<Instant> times = new ArrayList<>();

    synchronized void add(Instant t) {
      if (times.size() < MAX_TIMES_PER_USER) {
        times.add(t);
      }
    }

    synchronized List<Instant> times() {
      return List.copyOf(times);
    }
  }
}
