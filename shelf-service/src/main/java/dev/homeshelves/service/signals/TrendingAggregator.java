package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.store.TrendingStore;
import dev.homeshelves.service.store.TrendingStore.Claim;
import dev.homeshelves.service.store.TrendingStore.UnitRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each play exactly once for trending, however often it is delivered, to however many
 * replicas, and whatever fails in between (the storage protocol is {@link TrendingStore}'s).
 *
 * <p>{@link #count} is called for <em>every</em> delivery of a valid play, first or repeat. It
 * claims the play for a unit of the open flush of this writer (a random id per process); the
 * first claim wins. A won play adds 1 to the unit's count of its track; every
 * {@code trending-flush-interval} {@link #flush} closes the open units and writes each closed
 * unit (one row write per bucket) once its claims are settled. A delivery that finds the play
 * claimed by another unit completes with that unit: at once when it is stored, else once it is
 * (checked each flush), or, when the unit is still missing after {@code trending-claim-grace},
 * by cancelling it and claiming the play again for a unit of its own.
 *
 * <p>The future {@link #count} returns completes when the play's count is durable and
 * exceptionally when it cannot be made so (its unit was cancelled, or not stored within the
 * grace, or the aggregator was closed): the caller nacks and the redelivery tries again, without
 * any risk of counting twice. A failing unit write never holds up another: it is retried at
 * later flushes beside the new units.
 */
public final class TrendingAggregator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrendingAggregator.class);

  /** Why a play's count could not be made durable (the delivery should be retried). */
  public static final class NotCounted extends RuntimeException {
    NotCounted(String message) {
      super(message);
    }
  }

  private final TrendingStore store;
  private final Predicate<String> knownItem;
  private final Duration claimGrace;
  private final int maxClaimRequests;
  private final Clock clock;
  private final Meters meters;
  private final String writer = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private final int shard;

  private long seq;
  private long attempts;
  private boolean stopped;
  // Units of the open flush, by bucket; new claims go to them.
  private final Map<Instant, Unit> open = new HashMap<>();
  // Closed units not yet stored, cancelled or given up.
  private final List<Unit> closed = new ArrayList<>();
  // Every unit of this writer still in memory (open or closed), for deliveries that find one claimed.
  private final Map<UnitRef, Unit> units = new HashMap<>();
  // Claims waiting to be sent, how many are on their way, and whether a thread is sending.
  private final ArrayDeque<Attempt> claimQueue = new ArrayDeque<>();
  private int claimRequests;
  private boolean sendingClaims;
  // Claims whose outcome is unknown (the request failed); retried at each flush.
  private final List<Attempt> unsettled = new ArrayList<>();
  // Deliveries of plays claimed by a unit not in memory, waiting for it to be stored or stale.
  private final List<Repeat> repeats = new ArrayList<>();

  /**
   * @param shards how many rows each bucket's counts spread over ({@code trending-shards})
   * @param knownItem whether the catalog knows a track; plays of others are not counted
   * @param claimGrace how long a claimed play's unit may take to be stored before another
   *     delivery may cancel it ({@code trending-claim-grace})
   * @param maxClaimRequests claim requests on their way at most ({@code max-inflight-writes})
   */
  public TrendingAggregator(TrendingStore store, int shards, Predicate<String> knownItem, Duration claimGrace,
      int maxClaimRequests, MeterRegistry registry, Clock clock) {
    this.store = store;
    this.knownItem = knownItem;
    this.claimGrace = claimGrace;
    this.maxClaimRequests = maxClaimRequests;
    this.clock = clock;
    this.meters = new Meters(registry);
    this.shard = TrendingStore.shardOf(writer, shards);
  }

  /**
   * Counts {@code play} (a valid PLAY) once across all its deliveries. Completes when its count
   * is durable, or at once for a track the catalog does not know (not counted); completes
   * exceptionally with {@link NotCounted} or a storage error when the delivery should be retried.
   */
  public CompletableFuture<Void> count(UserSignal play) {
    var done = new CompletableFuture<Void>();
    if (!knownItem.test(play.getItemId())) {
      meters.unknownItems.increment();
      done.complete(null);
      return done;
    }
    var playedAt = Instant.ofEpochSecond(play.getOccurredAt().getSeconds(), play.getOccurredAt().getNanos());
    claim(new Attempt(play, store.bucketOf(playedAt), done));
    return done;
  }

  /** Closes the open units and writes every closed unit that is ready; call it on a timer. */
  public void flush() {
    List<Unit> ready = new ArrayList<>();
    List<Attempt> retry;
    List<Repeat> check = new ArrayList<>();
    synchronized (this) {
      if (!open.isEmpty()) {
        closed.addAll(open.values());
        open.clear();
        seq++;
      }
      for (Unit u : closed) {
        if (!u.writing && u.claimsInFlight == 0) {
          u.writing = true;
          ready.add(u);
        }
      }
      retry = new ArrayList<>(unsettled);
      unsettled.clear();
      for (Repeat r : repeats) {
        if (!r.checking) {
          r.checking = true;
          check.add(r);
        }
      }
    }
    retry.forEach(this::settle);
    check.forEach(this::check);
    ready.forEach(this::write);
  }

  /**
   * Plays whose count is not yet durable: claimed and waiting for their unit or another writer's
   * (plays whose claim request is still on its way are not included).
   */
  public synchronized int pending() {
    int n = repeats.size() + unsettled.size();
    for (Unit u : units.values()) {
      n += u.waiters.size();
    }
    return n;
  }

  /** Writes what is ready one last time and fails every count still waiting. */
  @Override
  public void close() {
    flush();
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    synchronized (this) {
      stopped = true;
      for (Unit u : units.values()) {
        if (!u.writing) {
          waiting.addAll(u.waiters);
          u.waiters.clear();
        }
      }
      repeats.forEach(r -> waiting.add(r.attempt.done));
      unsettled.forEach(a -> waiting.add(a.done));
      repeats.clear();
      unsettled.clear();
    }
    var stoppedError = new NotCounted("the trending aggregator was closed");
    waiting.forEach(f -> f.completeExceptionally(stoppedError));
  }

  // -- claiming --

  private void claim(Attempt a) {
    Unit unit;
    synchronized (this) {
      if (stopped) {
        a.done.completeExceptionally(new NotCounted("the trending aggregator is closed"));
        return;
      }
      unit = openUnit(a.bucket);
      unit.claimsInFlight++;
      a.unit = unit;
      a.id = attempts++;
    }
    settle(a);
  }

  /** Queues the claim or re-claim of {@code a} (or its resend: same unit and attempt id). */
  private void settle(Attempt a) {
    synchronized (this) {
      claimQueue.add(a);
    }
    sendClaims();
  }

  /**
   * Sends queued claims while fewer than {@code maxClaimRequests} are on their way: a burst of
   * plays must not bury the unit writes (and everyone else's requests) under its claims. One
   * thread sends at a time; a completion on another thread leaves the sending to it.
   */
  private void sendClaims() {
    while (true) {
      Attempt next;
      synchronized (this) {
        if (sendingClaims || claimRequests >= maxClaimRequests || claimQueue.isEmpty()) {
          return;
        }
        sendingClaims = true;
        next = claimQueue.poll();
        claimRequests++;
      }
      try {
        send(next);
      } finally {
        synchronized (this) {
          sendingClaims = false;
        }
      }
    }
  }

  private void send(Attempt a) {
    ApiFuture<Optional<Claim>> request;
    try {
      request = a.replacing == null
          ? store.claim(a.play.getUserId(), a.play.getEventId(), a.unit.ref, a.id, clock.instant())
          : store.reclaim(a.play.getUserId(), a.play.getEventId(), a.replacing, a.unit.ref, a.id, clock.instant());
    } catch (RuntimeException e) {
      request = ApiFutures.immediateFailedFuture(e);
    }
    // Settles the claim first, then sends the next (a synchronous failure returns to the loop).
    request.addListener(() -> {
      synchronized (this) {
        claimRequests--;
      }
      sendClaims();
    }, MoreExecutors.directExecutor());
    on(request, existing -> {
      synchronized (this) {
        a.unit.claimsInFlight--;
        if (existing.isEmpty() && stopped) {
          // Claimed for a unit that will not be written now: a redelivery cancels it after the grace.
          a.done.completeExceptionally(new NotCounted("the trending aggregator was closed"));
          return;
        }
        if (existing.isEmpty()) {
          a.unit.counts.merge(a.play.getItemId(), 1L, Long::sum);
          a.unit.waiters.add(a.done);
          return;
        }
      }
      meters.repeats.increment();
      claimedElsewhere(a, existing.get());
    }, failure -> {
      // Unknown whether the claim was stored: its unit stays unwritten until a resend says.
      LOG.debug("trending claim of {} failed, resending at the next flush: {}", a.play.getEventId(), failure.toString());
      synchronized (this) {
        unsettled.add(a);
      }
    });
  }

  private void claimedElsewhere(Attempt a, Claim claim) {
    synchronized (this) {
      Unit mine = units.get(claim.unit());
      if (mine != null) {
        // This writer's own unit counts it (an earlier delivery here): done when it is.
        mine.waiters.add(a.done);
        return;
      }
      repeats.add(new Repeat(a, claim));
    }
  }

  /** A delivery of a play claimed by a unit not in memory: is that unit stored, or stale? */
  private void check(Repeat r) {
    boolean stale = !clock.instant().isBefore(r.claim.claimedAt().plus(claimGrace));
    ApiFuture<Boolean> written;
    try {
      written = stale ? store.cancelUnlessWritten(r.claim.unit()) : store.isWritten(r.claim.unit());
    } catch (RuntimeException e) {
      written = ApiFutures.immediateFailedFuture(e);
    }
    on(written, isWritten -> {
      if (isWritten) {
        synchronized (this) {
          repeats.remove(r);
        }
        r.attempt.done.complete(null);
      } else if (stale) {
        // Cancelled: it will never count the play, so claim it again for a unit of ours.
        meters.cancelled.increment();
        synchronized (this) {
          repeats.remove(r);
        }
        reclaim(r.attempt, r.claim);
      } else {
        synchronized (this) {
          r.checking = false;
        }
      }
    }, failure -> {
      synchronized (this) {
        r.checking = false;
      }
    });
  }

  private void reclaim(Attempt a, Claim old) {
    a.replacing = old;
    claim(a);
  }

  // -- writing units --

  private void write(Unit u) {
    Map<String, Long> counts;
    synchronized (this) {
      if (u.counts.isEmpty()) {
        // Every claim for it went to another unit: nothing to store (and nobody waits for it).
        forget(u);
        var error = new NotCounted("trending unit " + u.ref + " counts nothing");
        u.waiters.forEach(f -> f.completeExceptionally(error));
        return;
      }
      counts = Map.copyOf(u.counts);
    }
    ApiFuture<Boolean> written;
    try {
      written = store.writeUnit(u.ref, counts);
    } catch (RuntimeException e) {
      written = ApiFutures.immediateFailedFuture(e);
    }
    on(written, stored -> {
      List<CompletableFuture<Void>> waiters;
      synchronized (this) {
        forget(u);
        waiters = List.copyOf(u.waiters);
      }
      if (stored) {
        meters.flushed(counts.size());
        waiters.forEach(f -> f.complete(null));
      } else {
        LOG.info("trending unit {} was cancelled by another replica after {}; its {} plays are retried",
            u.ref, claimGrace, waiters.size());
        var error = new NotCounted("trending unit " + u.ref + " was cancelled");
        waiters.forEach(f -> f.completeExceptionally(error));
      }
    }, failure -> {
      meters.flushFailures.increment();
      List<CompletableFuture<Void>> givenUp = List.of();
      synchronized (this) {
        u.writing = false;
        if (!clock.instant().isBefore(u.openedAt.plus(claimGrace))) {
          forget(u);
          givenUp = List.copyOf(u.waiters);
        }
      }
      if (givenUp.isEmpty()) {
        LOG.warn("trending unit {} ({} tracks) not stored, retrying at the next flush: {}",
            u.ref, counts.size(), failure.toString());
      } else {
        // Past the grace another delivery may cancel it: let the plays be redelivered.
        LOG.warn("trending unit {} not stored within {}, giving up; its {} plays are redelivered: {}",
            u.ref, claimGrace, givenUp.size(), failure.toString());
        var error = new NotCounted("trending unit " + u.ref + " not stored within " + claimGrace);
        givenUp.forEach(f -> f.completeExceptionally(error));
      }
    });
  }

  private Unit openUnit(Instant bucket) {
    Unit u = open.get(bucket);
    if (u != null && u.counts.size() + u.claimsInFlight >= TrendingStore.MAX_TRACKS_PER_UNIT) {
      closed.add(u);
      open.remove(bucket);
      seq++;
      u = null;
    }
    if (u == null) {
      u = new Unit(new UnitRef(writer, seq, shard, bucket));
      open.put(bucket, u);
      units.put(u.ref, u);
    }
    return u;
  }

  private void forget(Unit u) {
    closed.remove(u);
    units.remove(u.ref);
  }

  private static <T> void on(ApiFuture<T> future, Consumer<T> ok, Consumer<Throwable> failed) {
    ApiFutures.addCallback(future, new ApiFutureCallback<>() {
      @Override
      public void onSuccess(T result) {
        ok.accept(result);
      }

      @Override
      public void onFailure(Throwable t) {
        failed.accept(t);
      }
    }, MoreExecutors.directExecutor());
  }

  /** One writer's counts of one flush for one bucket, and the plays waiting for them. */
  private final class Unit {
    final UnitRef ref;
    final Map<String, Long> counts = new HashMap<>();
    final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    final Instant openedAt;
    int claimsInFlight;
    boolean writing;

    Unit(UnitRef ref) {
      this.ref = ref;
      // Its claims are at most this old: another delivery may cancel it from openedAt + grace on.
      this.openedAt = clock.instant();
    }
  }

  /** One delivery's claim of its play (resent with the same unit and id while unsettled). */
  private static final class Attempt {
    final UserSignal play;
    final Instant bucket;
    final CompletableFuture<Void> done;
    Unit unit;
    long id;
    Claim replacing;

    Attempt(UserSignal play, Instant bucket, CompletableFuture<Void> done) {
      this.play = play;
      this.bucket = bucket;
      this.done = done;
    }
  }

  private static final class Repeat {
    final Attempt attempt;
    final Claim claim;
    boolean checking;

    Repeat(Attempt attempt, Claim claim) {
      this.attempt = attempt;
      this.claim = claim;
    }
  }

  /** The {@code homeshelves_worker_trending_*} meters. */
  private static final class Meters {
    final Counter flushes;
    final Counter increments;
    final Counter flushFailures;
    final Counter repeats;
    final Counter cancelled;
    final Counter unknownItems;

    Meters(MeterRegistry registry) {
      flushes = Counter.builder("homeshelves.worker.trending.flushes")
          .description("Trending units stored: one worker's counts of one flush for one bucket, one row write")
          .register(registry);
      increments = Counter.builder("homeshelves.worker.trending.increments")
          .description("Track counts stored in trending units (one cell per track per unit)")
          .register(registry);
      flushFailures = Counter.builder("homeshelves.worker.trending.flush.failures")
          .description("Trending unit writes that failed; the unit is retried at the next flush")
          .register(registry);
      repeats = Counter.builder("homeshelves.worker.trending.repeats")
          .description("Deliveries of a play already claimed for trending; the claiming unit counts it once")
          .register(registry);
      cancelled = Counter.builder("homeshelves.worker.trending.cancelled")
          .description("Trending units of another writer cancelled unwritten after the claim grace; their plays are claimed again")
          .register(registry);
      unknownItems = Counter.builder("homeshelves.worker.trending.unknown.items")
          .description("Plays not counted for trending because the catalog does not know the track")
          .register(registry);
    }

    void flushed(int tracks) {
      flushes.increment();
      increments.increment(tracks);
    }
  }
}
