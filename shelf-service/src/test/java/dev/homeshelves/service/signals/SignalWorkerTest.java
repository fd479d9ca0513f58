package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.PlayRows;
import static dev.homeshelves.service.signals.Signals.binary;
import static dev.homeshelves.service.signals.Signals.play;
import static dev.homeshelves.service.signals.Signals.publishAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.TrendingStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import dev.homeshelves.shelves.builtin.RecentlyPlayed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole worker, signal to shelf, against the real Pub/Sub and Bigtable emulators. */
class SignalWorkerTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();
  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration READ = Duration.ofSeconds(5);

  private final TestWorkers workers = new TestWorkers();
  private final ShelfStore shelves = new ShelfStore(BIGTABLE.dataClient());

  @AfterEach
  void closeAll() throws Exception {
    workers.close();
  }

  @Test
  void playsRewriteTheUsersShelvesAndBecauseYouListenedNamesTheSeed() {
    var w = workers.start(PUBSUB.freshProperties(), quick(), BIGTABLE.properties(),
        TestWorkers.musicModel(), TestWorkers.builtIns(), true);
    var now = Instant.now();

    publishAll(w.publisher(), List.of(
        binary(play("ana", "hello", now.minusSeconds(600)).toBuilder().setMsPlayed(240_000).build()),
        binary(play("ana", "one", now.minusSeconds(300)).toBuilder().setMsPlayed(40_000).build())));

    await().atMost(WAIT).until(() -> shelf("ana", "because-you-listened").isPresent()
        && shelf("ana", "recently-played").map(s -> s.getItemsCount() == 2).orElse(false));
    var because = shelf("ana", "because-you-listened").orElseThrow();
    assertThat(because.getTitle()).isEqualTo("Because you listened to Hello");
    assertThat(because.getProvenance().getSeedIdsList()).containsExactly("hello");
    assertThat(because.getItemsList()).extracting(Item::getId)
        .contains("someone-like-you").doesNotContain("hello", "one");
    assertThat(shelf("ana", "recently-played").orElseThrow().getItemsList()).extracting(Item::getId)
        .containsExactly("one", "hello");
  }

  @Test
  void aThrowingOrOverrunningFunctionKeepsItsOldShelfWhileOthersUpdate() {
    var flaky = new Flaky();
    var slow = new Slow();
    var w = workers.start(PUBSUB.freshProperties(), quick("function-budget", "300ms"),
        BIGTABLE.properties(), TestWorkers.musicModel(),
        TestWorkers.planOf(flaky, slow, new RecentlyPlayed()), true);
    var now = Instant.now();

    publishAll(w.publisher(), List.of(binary(play("bo", "hello", now.minusSeconds(60)))));
    await().atMost(WAIT).until(() -> shelf("bo", "recently-played").isPresent()
        && shelf("bo", "flaky").isPresent() && shelf("bo", "slow").isPresent());
    var flakyBefore = shelf("bo", "flaky").orElseThrow();
    var slowBefore = shelf("bo", "slow").orElseThrow();

    flaky.failing.set(true);
    slow.stuck.set(true);
    publishAll(w.publisher(), List.of(binary(play("bo", "one", now.minusSeconds(30)))));

    await().atMost(WAIT).until(() -> shelf("bo", "recently-played").orElseThrow().getItemsCount() == 2);
    assertThat(shelf("bo", "flaky")).contains(flakyBefore);
    assertThat(shelf("bo", "slow")).contains(slowBefore);
    assertThat(w.metrics().find("homeshelves.worker.function.errors").tag("function", "flaky").counter().count())
        .isGreaterThanOrEqualTo(1);
    assertThat(w.metrics().find("homeshelves.worker.function.timeouts").tag("function", "slow").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void twoReplicasOnOneSubscriptionStoreEveryPlayOnceAndEndWithTheNewestShelf() {
    var settings = PUBSUB.freshProperties();
    var a = workers.start(settings, quick(), BIGTABLE.properties(), TestWorkers.musicModel(), TestWorkers.builtIns(), true);
    var b = workers.start(settings, quick(), BIGTABLE.properties(), TestWorkers.musicModel(), TestWorkers.builtIns(), true);
    var tracks = List.of("hello", "someone-like-you", "skyfall", "one", "enter-sandman", "so-what", "take-five", "stay-with-me");
    var start = Instant.now().minusSeconds(120);
    var messages = new ArrayList<com.google.pubsub.v1.PubsubMessage>();
    for (int i = 0; i < 8; i++) {
      for (int u = 0; u < 10; u++) {
        messages.add(binary(play("pair-" + u, tracks.get(i), start.plusSeconds(i * 10L))));
      }
    }

    publishAll(a.publisher(), messages);

    await().atMost(WAIT).until(() -> a.signals("PLAY", "stored") + b.signals("PLAY", "stored") == 80);
    assertThat(a.signals("PLAY", "duplicate") + b.signals("PLAY", "duplicate")).isZero();
    var plays = new PlayStore(BIGTABLE.dataClient(), 500);
    for (int u = 0; u < 10; u++) {
      assertThat(plays.history("pair-" + u)).extracting(PlayRows.StoredPlay::trackId)
          .containsExactlyElementsOf(reversed(tracks));
    }
    // Whichever replica computed last, the shelf served is the one computed from all 8 plays.
    for (int u = 0; u < 10; u++) {
      var user = "pair-" + u;
      await().atMost(WAIT).until(() -> shelf(user, "recently-played")
          .map(s -> s.getItemsCount() == 8 && s.getItems(0).getId().equals("stay-with-me")).orElse(false));
    }
  }

  @Test
  void anOlderComputationWrittenLastNeverReplacesANewerOne() {
    var bigtable = BIGTABLE.dataClient();
    var now = Instant.now();
    var plays = new PlayStore(bigtable, 500);
    plays.storeIfNew(play("late", "hello", now.minusSeconds(60)));
    await().atMost(READ).until(() -> plays.history("late").size() == 1);
    var older = recomputerAt(now.minusSeconds(5));
    var newer = recomputerAt(now);

    // The older computation has seen one play; then a second play arrives and the newer
    // computation runs; the older one finishes last.
    var oldHome = older.snapshot("late");
    plays.storeIfNew(play("late", "one", now.minusSeconds(10)));
    await().atMost(READ).until(() -> plays.history("late").size() == 2);
    newer.recompute("late");
    shelves.writeShelves("late", oldHome);

    var served = shelf("late", "recently-played").orElseThrow();
    assertThat(served.getItemsList()).extracting(Item::getId).containsExactly("one", "hello");
  }

  @Test
  void twentyThousandPlaysOfOneTrackMakeItTrendingWithWritesBoundedByBuckets() {
    var w = workers.start(PUBSUB.freshProperties(),
        Map.of("trending-flush-interval", "200ms", "trending-refresh", "500ms", "default-home-refresh", "500ms",
            "debounce", "30s"),
        BIGTABLE.properties(), TestWorkers.musicModel(), TestWorkers.builtIns(), true);
    var at = Instant.now().minusSeconds(1);
    var messages = IntStream.range(0, 20_000)
        .mapToObj(i -> binary(play("listener-" + (i % 4000), "hot-track", at.plusMillis(i % 500))))
        .toList();

    publishAll(w.publisher(), messages);

    var trending = new TrendingStore(BIGTABLE.dataClient(), Duration.ofMinutes(1));
    // A bound, not a speed check: each play also claims its trending count (a second
    // conditional write), which on a loaded 2-core machine takes the emulator over two minutes.
    await().atMost(Duration.ofSeconds(300))
        .until(() -> trending.counts(at, at.plusSeconds(1)).getOrDefault("hot-track", 0L) == 20_000);
    double flushes = w.counter("homeshelves.worker.trending.flushes");
    double increments = w.counter("homeshelves.worker.trending.increments");
    // All plays fall in one or two one-minute buckets: one increment per bucket per flush.
    assertThat(increments).isLessThanOrEqualTo(2 * flushes);
    assertThat(increments).isLessThan(20_000 / 20.0);
    // The default Home is rewritten from the trending window every half second: the one that
    // counted every play lists the hot track first.
    await().atMost(WAIT).until(() -> shelves.readDefaultHome(READ).stream()
        .anyMatch(s -> s.getId().equals("trending-now") && s.getItemsCount() > 0
            && s.getItems(0).getId().equals("hot-track")
            && s.getItems(0).getReason().startsWith("20000 plays")));
  }

  // -- helpers --

  private static List<String> reversed(List<String> list) {
    var copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  private static Map<String, Object> quick() {
    return Map.of("debounce", "200ms");
  }

  private static Map<String, Object> quick(String setting, Object value) {
    return Map.of("debounce", "200ms", setting, value);
  }

  private Optional<Shelf> shelf(String user, String id) {
    return shelves.readHome(user, READ).stream().filter(s -> s.getId().equals(id)).findFirst();
  }

  /** A recomputer whose clock stands still at {@code at}, running recently-played. */
  private Snapshotting recomputerAt(Instant at) {
    var metrics = new WorkerMetrics(new SimpleMeterRegistry());
    var clock = Clock.fixed(at, ZoneOffset.UTC);
    var runner = new FunctionRunner(1, Duration.ofSeconds(5), metrics);
    workers.closeLater(runner);
    return new Snapshotting(TestWorkers.recomputerOver(BIGTABLE.dataClient(), TestWorkers.musicModel(),
        TestWorkers.planOf(new RecentlyPlayed()), runner, metrics, clock), clock, runner);
  }

  /** A recomputer that can also compute without writing, to write later (a slow replica). */
  private record Snapshotting(ShelfRecomputer recomputer, Clock clock, FunctionRunner runner) {
    void recompute(String user) {
      recomputer.recompute(user);
    }

    List<Shelf> snapshot(String user) {
      return recomputer.compute(user);
    }
  }

  /** Fails when told to. */
  @ShelfSpec(id = "flaky", title = "Flaky")
  public static final class Flaky implements ShelfFunction {
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public Optional<ShelfDraft> compute(ShelfContext ctx) {
      if (failing.get()) {
        throw new IllegalStateException("flaky shelf failed on purpose");
      }
      return ShelfDraft.builder().cards(ctx.trackCards(
          ctx.plays().all().stream().map(p -> new dev.homeshelves.embeddings.Neighbor(p.trackId(), 1)).toList(),
          "flaky")).buildIfAny();
    }
  }

  /** Overruns any budget when told to (until interrupted). */
  @ShelfSpec(id = "slow", title = "Slow")
  public static final class Slow implements ShelfFunction {
    final AtomicBoolean stuck = new AtomicBoolean();

    @Override
    public Optional<ShelfDraft> compute(ShelfContext ctx) {
      if (stuck.get()) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
          Thread.onSpinWait();
        }
        return Optional.empty();
      }
      return ShelfDraft.builder().cards(ctx.trackCards(
          ctx.plays().all().stream().map(p -> new dev.homeshelves.embeddings.Neighbor(p.trackId(), 1)).toList(),
          "slow")).buildIfAny();
    }
  }
}
