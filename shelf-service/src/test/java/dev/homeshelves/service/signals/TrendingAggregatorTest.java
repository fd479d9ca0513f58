package dev.homeshelves.service.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.api.core.ApiFuture;
import com.google.api.core.SettableApiFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.store.TrendingStore;
import dev.homeshelves.service.store.TrendingStore.UnitRef;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Trending counts against the Bigtable emulator: every play once, whatever is redelivered,
 * fails halfway or crashes. Each test uses its own bucket (its own hour), so they do not mix.
 */
class TrendingAggregatorTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private static final Duration BUCKET = Duration.ofMinutes(1);
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T00:00:00Z"));
  private final TrendingStore store = new TrendingStore(BIGTABLE.dataClient(), BUCKET);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void aPlayDeliveredAgainAndAgainToOneOrTwoWritersCountsOnce() throws Exception {
    Instant at = Instant.parse("2026-12-07T01:00:10Z");
    var a = aggregator(store);
    var b = aggregator(store);
    var play = play("u1", "e1", "track-r", at);

    // Two deliveries at once on one writer (the message was published twice), one later, one
    // on another writer after the first was stored.
    var first = a.count(play);
    var concurrent = a.count(play);
    durable(a, first);
    durable(a, concurrent);
    durable(a, a.count(play));
    durable(b, b.count(play));

    assertThat(store.counts(at, at)).containsEntry("track-r", 1L);
    assertThat(a.pending()).isZero();
    assertThat(b.pending()).isZero();
    assertThat(registry.counter("homeshelves.worker.trending.repeats").count()).isEqualTo(3);
  }

  @Test
  void aUnitStoredButReportedFailedIsRetriedToTheExactCount() throws Exception {
    Instant at = Instant.parse("2026-12-07T02:00:10Z");
    var lostReplies = new LosesReplies(store.bucketOf(at));
    var a = aggregator(lostReplies);
    var plays = new ArrayList<CompletableFuture<Void>>();
    for (int i = 0; i < 50; i++) {
      plays.add(a.count(play("u" + i, "e" + i, "track-" + (i % 5), at)));
    }
    // Also a play of the next bucket: its own unit, written beside the failing one.
    var nextBucket = a.count(play("u-next", "e-next", "track-0", at.plus(BUCKET)));
    settleClaims(a, 51);

    a.flush();
    await().atMost(WAIT).until(() -> lostReplies.lost.get() == 1);
    assertThat(plays).noneMatch(CompletableFuture::isDone);
    // The retry rewrites the same cells: counts as if the write had succeeded the first time.
    plays.add(nextBucket);
    durable(List.of(a), plays);

    assertThat(store.counts(at, at)).containsExactlyInAnyOrderEntriesOf(
        Map.of("track-0", 10L, "track-1", 10L, "track-2", 10L, "track-3", 10L, "track-4", 10L));
    assertThat(store.counts(at.plus(BUCKET), at.plus(BUCKET))).containsEntry("track-0", 1L);
    assertThat(registry.counter("homeshelves.worker.trending.flush.failures").count()).isEqualTo(1);
  }

  @Test
  void aThrowingStoreDoesNotStopTheNextFlush() throws Exception {
    Instant at = Instant.parse("2026-12-07T03:00:10Z");
    var throwsOnce = new ThrowsOnWrite(1);
    var a = aggregator(throwsOnce);
    var early = a.count(play("u1", "e1", "track-t", at));
    settleClaims(a, 1);
    a.flush();
    assertThat(throwsOnce.thrown.get()).isEqualTo(1);
    assertThat(early).isNotDone();

    var later = a.count(play("u2", "e2", "track-t", at));
    durable(a, later);
    durable(a, early);

    assertThat(store.counts(at, at)).containsEntry("track-t", 2L);
  }

  @Test
  void twoWritersCountingTheSameTracksSumExactly() throws Exception {
    Instant at = Instant.parse("2026-12-07T04:00:10Z");
    var writers = List.of(aggregator(store), aggregator(store));
    var counted = new ArrayList<CompletableFuture<Void>>();
    for (int i = 0; i < 400; i++) {
      var play = play("u" + (i % 40), "e" + i, "track-" + (i % 4), at.plusMillis(i));
      // Every play goes to one writer, every third also to the other (a redelivery elsewhere).
      var w = writers.get(i % 2);
      counted.add(w.count(play));
      if (i % 3 == 0) {
        var other = writers.get((i + 1) % 2);
        counted.add(other.count(play));
      }
      if (i % 50 == 49) {
        writers.forEach(TrendingAggregator::flush);
      }
    }
    durable(writers, counted);

    assertThat(store.counts(at, at)).containsExactlyInAnyOrderEntriesOf(
        Map.of("track-0", 100L, "track-1", 100L, "track-2", 100L, "track-3", 100L));
  }

  @Test
  void aCrashedWritersPlayIsCountedOnceByTheRedeliveryAfterTheGrace() throws Exception {
    Instant at = Instant.parse("2026-12-07T05:00:10Z");
    var crashed = aggregator(store);
    var survivor = aggregator(store);
    var play = play("u1", "e1", "track-c", at);
    var lost = crashed.count(play);
    settleClaims(crashed, 1);
    // `crashed` never flushes: its process died after claiming the play.

    var redelivered = survivor.count(play);
    settleClaims(survivor, 1);
    survivor.flush();
    assertThat(redelivered).as("waits for the claiming unit within the grace").isNotDone();
    clock.advance(GRACE);
    durable(survivor, redelivered);
    assertThat(registry.counter("homeshelves.worker.trending.cancelled").count()).isEqualTo(1);

    // Were it only slow, not dead, its late write finds the tombstone and does not count.
    crashed.flush();
    await().atMost(WAIT).until(lost::isDone);
    assertThat(lost).isCompletedExceptionally();
    assertThat(store.counts(at, at)).containsEntry("track-c", 1L);
  }

  @Test
  void aPlayWhoseUnitWasStoredBeforeTheCrashIsNotCountedAgain() throws Exception {
    Instant at = Instant.parse("2026-12-07T06:00:10Z");
    var crashed = aggregator(store);
    var play = play("u1", "e1", "track-s", at);
    // Stored, but the process died before the ack: the message comes back elsewhere, late.
    durable(crashed, crashed.count(play));
    clock.advance(GRACE.multipliedBy(2));

    var survivor = aggregator(store);
    durable(survivor, survivor.count(play));

    assertThat(store.counts(at, at)).containsEntry("track-s", 1L);
    assertThat(registry.counter("homeshelves.worker.trending.cancelled").count()).isZero();
  }

  @Test
  void aWriteFailingPastTheGraceGivesUpSoTheRedeliveryCountsIt() throws Exception {
    Instant at = Instant.parse("2026-12-07T07:00:10Z");
    var failing = new ThrowsOnWrite(Integer.MAX_VALUE);
    var a = aggregator(failing);
    var play = play("u1", "e1", "track-g", at);
    var first = a.count(play);
    settleClaims(a, 1);
    a.flush();
    clock.advance(GRACE);
    a.flush();
    await().atMost(WAIT).until(first::isDone);
    assertThat(first).isCompletedExceptionally();

    var b = aggregator(store);
    durable(b, b.count(play));
    assertThat(store.counts(at, at)).containsEntry("track-g", 1L);
  }

  @Test
  void playsOfTracksTheCatalogDoesNotKnowAreNotCounted() throws Exception {
    Instant at = Instant.parse("2026-12-07T08:00:10Z");
    var a = new TrendingAggregator(store, 4, id -> !id.startsWith("unknown-"), GRACE, 200, registry, clock);
    durable(a, a.count(play("u1", "e1", "unknown-1", at)));
    durable(a, a.count(play("u1", "e2", "known-1", at)));

    assertThat(store.counts(at, at)).containsOnlyKeys("known-1");
    assertThat(registry.counter("homeshelves.worker.trending.unknown.items").count()).isEqualTo(1);
  }

  @Test
  void aWindowReadSumsEveryShardOfItsBucketsAndNothingOutside() throws Exception {
    Instant bucket = Instant.parse("2026-12-07T09:00:00Z");
    for (int shard = 0; shard < 5; shard++) {
      store.writeUnit(new UnitRef("w" + shard, 0, shard, bucket), Map.of("track-w", 10L + shard)).get();
      store.writeUnit(new UnitRef("w" + shard, 1, shard, bucket.plus(BUCKET)), Map.of("track-w", 1L)).get();
    }
    store.writeUnit(new UnitRef("w0", 0, 0, bucket.minus(BUCKET)), Map.of("track-w", 1000L)).get();
    store.writeUnit(new UnitRef("w0", 0, 0, bucket.plus(BUCKET.multipliedBy(2))), Map.of("track-w", 1000L)).get();

    assertThat(store.counts(bucket, bucket)).containsExactlyEntriesOf(Map.of("track-w", 60L));
    assertThat(store.counts(bucket, bucket.plus(BUCKET).plusSeconds(59))).containsExactlyEntriesOf(Map.of("track-w", 65L));
  }

  // -- helpers --

  private TrendingAggregator aggregator(TrendingStore over) {
    return new TrendingAggregator(over, 4, id -> true, GRACE, 200, registry, clock);
  }

  /** Flushes until {@code count} is durable: completed, not failed. */
  private static void durable(TrendingAggregator a, CompletableFuture<Void> count) throws Exception {
    durable(List.of(a), List.of(count));
  }

  /** Flushes the writers until every count is durable. */
  private static void durable(List<TrendingAggregator> writers, List<CompletableFuture<Void>> counts)
      throws Exception {
    await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
      writers.forEach(TrendingAggregator::flush);
      return counts.stream().allMatch(CompletableFuture::isDone);
    });
    for (var c : counts) {
      c.get();
    }
  }

  /** Waits until the writer's claims are answered (each play waits for a unit). */
  private static void settleClaims(TrendingAggregator a, int plays) {
    await().atMost(WAIT).until(() -> a.pending() == plays);
  }

  /** A play; its event id names the test's hour, so tests sharing the emulator never share an event. */
  private static UserSignal play(String user, String event, String track, Instant at) {
    return UserSignal.newBuilder().setEventId(event + "@" + at.truncatedTo(java.time.temporal.ChronoUnit.HOURS)).setUserId(user).setKind(SignalKind.PLAY)
        .setItemId(track).setMsPlayed(200_000).setOccurredAt(Timestamps.fromMillis(at.toEpochMilli())).build();
  }

  /** Stores units but reports the first write of {@code bucket} as failed (a reply lost in a timeout). */
  private static final class LosesReplies extends TrendingStore {
    final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final Instant bucket;

    LosesReplies(Instant bucket) {
      super(BIGTABLE.dataClient(), BUCKET);
      this.bucket = bucket;
    }

    @Override
    public ApiFuture<Boolean> writeUnit(UnitRef unit, Map<String, Long> counts) {
      var stored = super.writeUnit(unit, counts);
      if (!unit.bucket().equals(bucket) || writes.getAndIncrement() > 0) {
        return stored;
      }
      var reply = SettableApiFuture.<Boolean>create();
      stored.addListener(() -> {
        lost.incrementAndGet();
        reply.setException(new RuntimeException("DEADLINE_EXCEEDED (simulated: stored, reply lost)"));
      }, MoreExecutors.directExecutor());
      return reply;
    }
  }

  /** Throws from the first {@code n} unit writes before sending anything. */
  private static final class ThrowsOnWrite extends TrendingStore {
    final AtomicInteger thrown = new AtomicInteger();
    private final int n;

    ThrowsOnWrite(int n) {
      super(BIGTABLE.dataClient(), BUCKET);
      this.n = n;
    }

    @Override
    public ApiFuture<Boolean> writeUnit(UnitRef unit, Map<String, Long> counts) {
      if (thrown.get() < n) {
        thrown.incrementAndGet();
        throw new IllegalStateException("simulated: the client is closed");
      }
      return super.writeUnit(unit, counts);
    }
  }

  /** A clock the test moves forward. */
  private static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
