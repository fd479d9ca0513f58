package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.PlayRows;
import static dev.homeshelves.service.signals.Signals.binary;
import static dev.homeshelves.service.signals.Signals.play;
import static dev.homeshelves.service.signals.Signals.publishAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.signals.FunctionRunner.Run;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.RecomputeStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import dev.homeshelves.shelves.builtin.RecentlyPlayed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Owed recomputes across worker replicas, crashes, shutdowns and failures, on the real Pub/Sub
 * and Bigtable emulators: the lease coalesces a user's recomputes across replicas, shelves never
 * go backwards, and what was acked is recomputed eventually whatever happened to the replica.
 */
class RecomputeAcrossReplicasTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();
  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();

  // Waiting is generous (a loaded 2-core machine); the asserted figures are not.
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration READ = Duration.ofSeconds(5);
  private static final List<String> TRACKS = List.of("hello", "someone-like-you", "skyfall", "stay-with-me",
      "someone-you-loved", "one", "enter-sandman", "raining-blood", "so-what", "take-five");

  private final TestWorkers workers = new TestWorkers();
  private final ShelfStore shelves = new ShelfStore(BIGTABLE.dataClient());
  private final RecomputeStore owed = new RecomputeStore(BIGTABLE.dataClient());
  private final PlayStore plays = new PlayStore(BIGTABLE.dataClient(), 500);

  @AfterEach
  void closeAll() throws Exception {
    workers.close();
  }

  @Test
  void twoReplicasRecomputeEachHotUserAboutOncePerDebounceAndEndWithTheirNewestSignal() throws Exception {
    var debounce = Duration.ofSeconds(1);
    var pubsub = PUBSUB.freshProperties();
    var settings = Map.<String, Object>of("debounce", debounce.toMillis() + "ms");
    var a = workers.start(pubsub, settings, BIGTABLE.properties(), TestWorkers.musicModel(),
        TestWorkers.planOf(new RecentlyPlayed()), true);
    var b = workers.start(pubsub, settings, BIGTABLE.properties(), TestWorkers.musicModel(),
        TestWorkers.planOf(new RecentlyPlayed()), true);
    int users = 20;
    int rounds = 40;
    var step = Duration.ofMillis(200);
    var base = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
    var newest = new ConcurrentHashMap<String, Instant>();
    var watcher = new VersionWatcher(IntStream.range(0, users).mapToObj(u -> "hot-" + u).toList());
    watcher.start();

    // 20 users, 5 plays a second each, for 8 seconds: 800 plays.
    long started = System.nanoTime();
    var published = new CompletableFuture<Void>();
    var nextRound = new AtomicInteger();
    var stream = Executors.newSingleThreadScheduledExecutor();
    // One round every step (a steady stream, not a burst); the assertions await conditions.
    stream.scheduleAtFixedRate(() -> {
      try {
        int r = nextRound.getAndIncrement();
        if (r >= rounds) {
          // A late tick (fixed rate catches up on a busy machine) before the stream is stopped.
          return;
        }
        var round = new ArrayList<com.google.pubsub.v1.PubsubMessage>(users);
        var at = base.plus(step.multipliedBy(r));
        for (int u = 0; u < users; u++) {
          round.add(binary(play("hot-" + u, TRACKS.get((r + u) % TRACKS.size()), at)));
          newest.put("hot-" + u, at);
        }
        publishAll(a.publisher(), round);
        if (r + 1 == rounds) {
          published.complete(null);
        }
      } catch (Throwable e) {
        published.completeExceptionally(e);
      }
    }, 0, step.toMillis(), TimeUnit.MILLISECONDS);
    try {
      published.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      stream.shutdownNow();
    }

    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> newest.entrySet().stream()
        .allMatch(e -> lastSignal(e.getKey()).map(t -> t.equals(e.getValue())).orElse(false)));
    long activeMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    await().atMost(WAIT).until(() -> owed.read(newest.keySet()).get().values().stream()
        .allMatch(s -> s.owed().isEmpty()));
    watcher.stop();

    double recomputes = a.counter("homeshelves.worker.recomputes") + b.counter("homeshelves.worker.recomputes");
    long intervals = (activeMillis + debounce.toMillis() - 1) / debounce.toMillis();
    double perUserPerInterval = recomputes / users / intervals;
    System.out.printf("two replicas, %d hot users, %d plays in %d ms: %.0f recomputes (a %.0f, b %.0f),"
            + " %.2f per user per %d ms debounce interval; lease refusals a %.0f, b %.0f%n",
        users, users * rounds, activeMillis, recomputes, a.counter("homeshelves.worker.recomputes"),
        b.counter("homeshelves.worker.recomputes"), perUserPerInterval, debounce.toMillis(),
        a.counter("homeshelves.worker.recompute.lease.refused"), b.counter("homeshelves.worker.recompute.lease.refused"));
    for (var user : newest.keySet()) {
      assertThat(plays.history(user)).hasSize(rounds);
    }
    assertThat(perUserPerInterval).isLessThanOrEqualTo(1.2);
    assertThat(watcher.reads.get()).isGreaterThan(users);
    assertThat(watcher.backwards).isEmpty();
  }

  @Test
  void aSignalAckedByAReplicaThatDiedBeforeItsRecomputeIsRecomputedByAnotherReplicasSweep() throws Exception {
    // What a replica leaves when killed right after the ack: the play stored, its user owed,
    // and the user's lease held by a process that no longer exists.
    var at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    var signal = play("orphan", "hello", at);
    plays.store(signal).get();
    owed.markOwed("orphan", signal.getEventId(), at, null).get();
    var now = Instant.now();
    assertThat(owed.tryAcquire("orphan", "dead-replica", now, now.plusSeconds(2)).get()).isTrue();

    var survivor = workers.start(PUBSUB.freshProperties(), Map.of("sweep-interval", "200ms", "sweep-age", "100ms"),
        BIGTABLE.properties(), TestWorkers.musicModel(), TestWorkers.planOf(new RecentlyPlayed()), true);

    await().atMost(WAIT).until(() -> lastSignal("orphan").map(at::equals).orElse(false));
    await().atMost(WAIT).until(() -> owed.read(List.of("orphan")).get().get("orphan").owed().isEmpty());
    assertThat(survivor.counter("homeshelves.worker.sweep.users")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aGracefullyStoppedReplicaLeavesItsOwedUsersOwedForTheNextOne() throws Exception {
    var pubsub = PUBSUB.freshProperties();
    // A long debounce: the second play is owed but not yet due when the replica stops.
    var first = workers.start(pubsub, Map.of("debounce", "60s"), BIGTABLE.properties(), TestWorkers.musicModel(),
        TestWorkers.planOf(new RecentlyPlayed()), false);
    var t0 = Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.MILLIS);
    publishAll(first.publisher(), List.of(binary(play("leaver", "hello", t0))));
    await().atMost(WAIT).until(() -> lastSignal("leaver").map(t0::equals).orElse(false));
    publishAll(first.publisher(), List.of(binary(play("leaver", "one", t0.plusSeconds(10)))));
    await().atMost(WAIT).until(() -> first.signals("PLAY", "stored") == 2);

    first.context().close();

    assertThat(owed.read(List.of("leaver")).get().get("leaver").owed()).hasSize(1);
    assertThat(lastSignal("leaver")).contains(t0);
    // The next replica's sweep takes the user once the stopped one's debounce has run out.
    expireLease("leaver");
    workers.start(pubsub, Map.of("sweep-interval", "200ms", "sweep-age", "100ms"), BIGTABLE.properties(),
        TestWorkers.musicModel(), TestWorkers.planOf(new RecentlyPlayed()), true);
    await().atMost(WAIT).until(() -> lastSignal("leaver").map(t0.plusSeconds(10)::equals).orElse(false));
  }

  @Test
  void aFailingRecomputeIsRetriedWithBackoffAndAUserThatKeepsFailingIsParkedWithTheReason() throws Exception {
    var failuresLeft = new ConcurrentHashMap<String, AtomicInteger>(Map.of(
        "wobbly", new AtomicInteger(2), "doomed", new AtomicInteger(Integer.MAX_VALUE)));
    var functions = TestWorkers.planOf(new RecentlyPlayed());
    RunPlan failing = new RunPlan() {
      @Override
      public List<Run> forUser(String userId) {
        var left = failuresLeft.get(userId);
        if (left != null && left.getAndDecrement() > 0) {
          throw new IllegalStateException("plan store unavailable for " + userId);
        }
        return functions.forUser(userId);
      }

      @Override
      public List<Run> forDefaultHome() {
        return functions.forDefaultHome();
      }
    };
    var w = workers.start(PUBSUB.freshProperties(), Map.of("recompute-backoff", "100ms",
            "recompute-max-backoff", "400ms", "recompute-max-attempts", 3), BIGTABLE.properties(),
        TestWorkers.musicModel(), failing, true);
    var at = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);

    publishAll(w.publisher(), List.of(binary(play("wobbly", "hello", at)), binary(play("doomed", "one", at))));

    await().atMost(WAIT).until(() -> lastSignal("wobbly").map(at::equals).orElse(false));
    await().atMost(WAIT).until(() -> w.counter("homeshelves.worker.recompute.parked") == 1);
    var doomed = owed.read(List.of("doomed")).get().get("doomed");
    assertThat(doomed.owed()).hasSize(1);
    assertThat(doomed.lease().attempts()).isGreaterThanOrEqualTo(3);
    assertThat(doomed.lease().reason()).contains("plan store unavailable for doomed");
    assertThat(owed.read(List.of("wobbly")).get().get("wobbly").owed()).isEmpty();
    assertThat(w.counter("homeshelves.worker.recompute.failures")).isGreaterThanOrEqualTo(2 + 3);
  }

  @Test
  void aFunctionThatOverranItsBudgetIsRunAgainUntilItsShelfIncludesTheOwedSignal() throws Exception {
    var slow = new OverrunsTwiceFor("patient");
    var w = workers.start(PUBSUB.freshProperties(), Map.of("function-budget", "300ms",
            "recompute-backoff", "100ms", "recompute-max-backoff", "400ms"), BIGTABLE.properties(),
        TestWorkers.musicModel(), TestWorkers.planOf(slow), true);
    var at = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);

    publishAll(w.publisher(), List.of(binary(play("patient", "hello", at))));

    await().atMost(WAIT).until(() -> lastSignal("patient", OverrunsTwiceFor.ID).map(at::equals).orElse(false));
    assertThat(slow.calls.get()).isGreaterThanOrEqualTo(3);
    assertThat(w.counter("homeshelves.worker.function.timeouts")).isGreaterThanOrEqualTo(2);
    await().atMost(WAIT).until(() -> owed.read(List.of("patient")).get().get("patient").owed().isEmpty());
  }

  /** "Jump back in", but for one user its first two runs overrun any budget (a loaded machine). */
  @ShelfSpec(id = OverrunsTwiceFor.ID, title = "Jump back in, eventually")
  static final class OverrunsTwiceFor implements ShelfFunction {
    static final String ID = "overruns-twice";
    final AtomicInteger calls = new AtomicInteger();
    private final String slowUser;

    OverrunsTwiceFor(String slowUser) {
      this.slowUser = slowUser;
    }

    @Override
    public Optional<ShelfDraft> compute(ShelfContext ctx) {
      if (ctx.userId().equals(slowUser) && calls.incrementAndGet() <= 2) {
        try {
          new CountDownLatch(1).await(); // never counted down: runs until the budget interrupts it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Optional.empty();
      }
      return new RecentlyPlayed().compute(ctx);
    }
  }

  @Test
  void aRedeliveryWhoseDedupMarkerWasAlreadySetStillBringsTheRecomputeItOwes() throws Exception {
    // The first delivery stored the play and set the marker, but the marker's write reported
    // a failure (a timeout): the message was nacked before its user was marked owed.
    var at = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
    var signal = play("redelivered", "skyfall", at);
    plays.storeIfNew(signal).get();
    var w = workers.start(PUBSUB.freshProperties(), Map.of(), BIGTABLE.properties(), TestWorkers.musicModel(),
        TestWorkers.planOf(new RecentlyPlayed()), true);

    publishAll(w.publisher(), List.of(binary(signal)));

    await().atMost(WAIT).until(() -> w.signals("PLAY", "duplicate") == 1);
    await().atMost(WAIT).until(() -> lastSignal("redelivered").map(at::equals).orElse(false));
  }

  @Test
  void aPlayOfAnItemTheCatalogDoesNotKnowIsStoredAndCountedApartButReachesNoShelf() throws Exception {
    var w = workers.start(PUBSUB.freshProperties(), Map.of(), BIGTABLE.properties(), TestWorkers.musicModel(),
        TestWorkers.planOf(new RecentlyPlayed()), true);
    var at = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);

    publishAll(w.publisher(), List.of(binary(play("curious", "hello", at)),
        binary(play("curious", "99999999", at.plusSeconds(1)))));

    await().atMost(WAIT).until(() -> w.signals("PLAY", "unknown-item") == 1 && w.signals("PLAY", "stored") == 1);
    await().atMost(WAIT).until(() -> lastSignal("curious").isPresent());
    assertThat(plays.history("curious")).extracting(PlayRows.StoredPlay::trackId).contains("99999999", "hello");
    assertThat(shelf("curious").orElseThrow().getItemsList()).extracting(Item::getId).containsExactly("hello");
    assertThat(lastSignal("curious")).contains(at);
  }

  // -- helpers --

  private Optional<Shelf> shelf(String user) {
    return shelves.readHome(user, READ).stream().filter(s -> s.getId().equals("recently-played")).findFirst();
  }

  /** The newest signal the user's recently-played shelf includes. */
  private Optional<Instant> lastSignal(String user) {
    return lastSignal(user, "recently-played");
  }

  /** The newest signal the user's shelf {@code shelfId} includes. */
  private Optional<Instant> lastSignal(String user, String shelfId) {
    return shelves.readHome(user, READ).stream().filter(s -> s.getId().equals(shelfId)).findFirst()
        .filter(s -> s.getProvenance().hasLastSignalAt())
        .map(s -> Instant.ofEpochMilli(Timestamps.toMillis(s.getProvenance().getLastSignalAt())));
  }

  /** Lets the user's lease (debounce) of a stopped replica run out now, as time would. */
  private void expireLease(String user) throws Exception {
    var lease = owed.read(List.of(user)).get().get(user).lease();
    var now = Instant.now();
    assertThat(owed.tryAcquire(user, "test", lease.until().plusMillis(1), now).get()).isTrue();
    assertThat(owed.release(user, "test", now, lease.version(), 0, "").get()).isTrue();
  }

  /** Reads the users' Homes over and over, noting any shelf whose version goes down. */
  private final class VersionWatcher {
    private final List<String> users;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    final List<String> backwards = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    VersionWatcher(List<String> users) {
      this.users = users;
    }

    void start() {
      thread = new Thread(() -> {
        while (running.get()) {
          for (var u : users) {
            try {
              for (var s : shelves.readHome(u, READ)) {
                long version = Timestamps.toMillis(s.getComputedAt());
                var before = seen.put(u + "/" + s.getId(), version);
                if (before != null && version < before) {
                  backwards.add(u + "/" + s.getId() + ": " + before + " then " + version);
                }
              }
              reads.incrementAndGet();
            } catch (RuntimeException e) {
              // A slow read on a loaded machine is not a version going backwards.
            }
          }
        }
      }, "version-watcher");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(READ.toMillis() * users.size());
    }
  }
}
