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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spike guardrail: recomputes each dirty user at most once per {@code debounce} interval
 * on a fixed pool. The first signal of a quiet user runs at once; signals arriving while a
 * recompute is pending join it (coalesce). At most {@code max-pending-users} users wait; past
 * that, new users' signals are parked and their acks held, so Pub/Sub flow control stops the
 * pull: a flood of users slows freshness but memory stays bounded.
 */
public final class RecomputeScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecomputeScheduler.class);
  // A user's signal times kept for the freshness histogram; a burst beyond this only coalesces.
  private static final int MAX_TIMES_PER_USER = 64;

  private final Duration debounce;
  private final int maxPending;
  private final Consumer<DirtyUser> recompute;
  private final WorkerMetrics metrics;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor pool;
  private final ConcurrentHashMap<String, PendingUser> pending = new ConcurrentHashMap<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final ArrayDeque<Parked> parked = new ArrayDeque<>();
  private final Cache<String, Instant> lastStart;

  public RecomputeScheduler(Duration debounce, int threads, int maxPending,
      Consumer<DirtyUser> recompute, WorkerMetrics metrics, Clock clock) {
    this.debounce = debounce;
    this.maxPending = maxPending;
    this.recompute = recompute;
    this.metrics = metrics;
    this.clock = clock;
    this.pool = new ScheduledThreadPoolExecutor(threads, r -> {
      var t = new Thread(r, "recompute");
      t.setDaemon(true);
      return t;
    });
    this.pool.setRemoveOnCancelPolicy(true);
    // Only starts within the last interval matter for the next due time.
    this.lastStart = Caffeine.newBuilder().expireAfterWrite(debounce.plusSeconds(1)).build();
    metrics.gauge("homeshelves.worker.pending.users", pendingCount::get);
    metrics.gauge("homeshelves.worker.parked.signals", this::parkedCount);
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
      pool.schedule(() -> run(id), delayFor(id), TimeUnit.MILLISECONDS);
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

  private void run(String userId) {
    // Recorded before the pending entry leaves, so a signal arriving meanwhile is scheduled
    // one interval after this start rather than at once.
    lastStart.put(userId, clock.instant());
    var p = pending.remove(userId);
    pendingCount.decrementAndGet();
    try {
      recompute.accept(new DirtyUser(userId, p == null ? List.of() : p.times()));
    } catch (RuntimeException e) {
      metrics.recomputeFailed();
      LOG.warn("recompute of user {} failed; the next signal retries it", userId, e);
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

  /** Stops accepting work and waits for running recomputes. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
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
