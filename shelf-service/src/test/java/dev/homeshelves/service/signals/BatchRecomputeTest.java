package dev.homeshelves.service.signals;

import static dev.homeshelves.service.signals.Signals.play;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.signals.ShelfRecomputer.DirtyUser;
import dev.homeshelves.service.store.BigtableClients;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.TrendingStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.CapturedLogs;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import dev.homeshelves.shelves.builtin.RecentlyPlayed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/**
 * Recomputes of many users in one batch (one read of their plays, one of their follows, one
 * bulk write) against the real Bigtable emulator: every user ends as if recomputed alone, and
 * one user's failure stays that user's.
 */
class BatchRecomputeTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private static final Duration READ = Duration.ofSeconds(5);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WorkerMetrics metrics = new WorkerMetrics(registry);
  private final FunctionRunner runner = new FunctionRunner(1, Duration.ofSeconds(5), metrics);
  private final PlayStore plays = new PlayStore(BIGTABLE.dataClient(), 500);
  private final ShelfStore shelves = new ShelfStore(BIGTABLE.dataClient());

  @AfterEach
  void close() {
    runner.close();
  }

  @Test
  void aBatchGivesEveryUserTheShelvesOfTheirOwnPlays() {
    var now = Instant.now();
    store(play("b-ann", "hello", now.minusSeconds(30)), play("b-ann", "one", now.minusSeconds(20)),
        play("b-bob", "so-what", now.minusSeconds(10)));
    var recomputer = recomputer(new RecentlyPlayed());

    var failed = recomputer.recomputeAll(List.of(
        new DirtyUser("b-ann", Instant.now(), List.of(now.minusSeconds(20))),
        new DirtyUser("b-bob", Instant.now(), List.of(now.minusSeconds(10))),
        new DirtyUser("b-nobody", Instant.now(), List.of())));

    assertThat(failed).isEmpty();
    assertThat(items("b-ann", "recently-played")).containsExactly("one", "hello");
    assertThat(items("b-bob", "recently-played")).containsExactly("so-what");
    // A user with nothing played gets no shelf rather than an empty one.
    assertThat(shelf("b-nobody", "recently-played")).isEmpty();
    assertThat(registry.find("homeshelves.worker.recomputes").counter().count()).isEqualTo(3);
    assertThat(registry.find("homeshelves.worker.freshness").timer().count()).isEqualTo(2);
    assertThat(registry.find("homeshelves.worker.recompute.batch.size").summary().max()).isEqualTo(3);
  }

  @Test
  void aFunctionThrowingForOneUserKeepsOnlyThatUsersShelfOld() {
    var now = Instant.now();
    store(play("t-ann", "hello", now.minusSeconds(60)), play("t-bob", "one", now.minusSeconds(60)));
    var picky = new Picky();
    var recomputer = recomputer(picky, new RecentlyPlayed());
    assertThat(recomputer.recomputeAll(dirty("t-ann", "t-bob"))).isEmpty();
    var annPickyBefore = shelf("t-ann", "picky").orElseThrow();

    picky.failingFor.add("t-ann");
    store(play("t-ann", "skyfall", now.minusSeconds(30)), play("t-bob", "take-five", now.minusSeconds(30)));
    List<ShelfRecomputer.Failure> failed;
    try (var logs = CapturedLogs.of(FunctionRunner.class, Level.WARN)) {
      failed = recomputer.recomputeAll(dirty("t-ann", "t-bob"));

      assertThat(logs.startingWith("shelf function picky failed")).singleElement()
          .satisfies(line -> assertThat(line.getMDCPropertyMap()).containsExactly(Map.entry(LogContext.USER_ID, "t-ann")));
    }

    // The function's failure is isolated, not a failed recompute: the user's other shelves move on.
    assertThat(failed).isEmpty();
    assertThat(shelf("t-ann", "picky")).contains(annPickyBefore);
    assertThat(items("t-ann", "recently-played")).containsExactly("skyfall", "hello");
    assertThat(items("t-bob", "picky")).containsExactly("take-five", "one");
    assertThat(registry.find("homeshelves.worker.function.errors").tag("function", "picky").counter().count())
        .isEqualTo(1);
  }

  @Test
  void aBatchWhoseReadFailsRetriesEachUserAloneAndReportsEveryFailure() throws Exception {
    var now = Instant.now();
    store(play("r-ann", "hello", now.minusSeconds(30)));
    // Plays read through a client that is already closed: every read fails, batch or single.
    var closed = BigtableClients.data(BIGTABLE.settings());
    closed.close();
    var clock = Clock.systemUTC();
    var trending = new TrendingCache(new TrendingStore(BIGTABLE.dataClient(), Duration.ofMinutes(1)),
        Duration.ofHours(1), clock);
    var recomputer = new ShelfRecomputer(
        new LoadContext(new PlayStore(closed, 500), new FollowStore(BIGTABLE.dataClient()), trending,
            TestWorkers.musicModel()),
        TestWorkers.planOf(new RecentlyPlayed()), new RunFunctions(runner), new WriteShelves(shelves), metrics, clock);

    List<ShelfRecomputer.Failure> failed;
    try (var logs = CapturedLogs.of(ShelfRecomputer.class, Level.WARN)) {
      failed = recomputer.recomputeAll(dirty("r-ann", "r-bob"));

      // Each user's failure is logged with that user's id in the MDC, which ends with it.
      for (var user : List.of("r-ann", "r-bob")) {
        assertThat(logs.startingWith("recompute of user " + user + " failed")).singleElement()
            .satisfies(line -> assertThat(line.getMDCPropertyMap()).containsExactly(Map.entry(LogContext.USER_ID, user)));
      }
      assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    assertThat(failed).extracting(ShelfRecomputer.Failure::userId).containsExactly("r-ann", "r-bob");
    assertThat(registry.find("homeshelves.worker.recompute.failures").counter().count()).isEqualTo(2);
    assertThat(shelf("r-ann", "recently-played")).isEmpty();
    // Alone, the failure reaches the caller (backfill, admin recompute).
    assertThatThrownBy(() -> recomputer.recompute("r-ann"))
        .isInstanceOf(RuntimeException.class);
  }

  // -- helpers --

  private ShelfRecomputer recomputer(ShelfFunction... functions) {
    return TestWorkers.recomputerOver(BIGTABLE.dataClient(), TestWorkers.musicModel(),
        TestWorkers.planOf(functions), runner, metrics, Clock.systemUTC());
  }

  private void store(dev.homeshelves.api.v1.UserSignal... signals) {
    for (var s : signals) {
      try {
        plays.storeIfNew(s).get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static List<DirtyUser> dirty(String... users) {
    return java.util.Arrays.stream(users).map(u -> new DirtyUser(u, Instant.now(), List.of())).toList();
  }

  private Optional<Shelf> shelf(String user, String id) {
    return shelves.readHome(user, READ).stream().filter(s -> s.getId().equals(id)).findFirst();
  }

  private List<String> items(String user, String id) {
    return shelf(user, id).orElseThrow().getItemsList().stream().map(Item::getId).toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The user's plays, newest first; throws for the users told. */
  @ShelfSpec(id = "picky", title = "Picky")
  public static final class Picky implements ShelfFunction {
    final Set<String> failingFor = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<ShelfDraft> compute(ShelfContext ctx) {
      if (failingFor.contains(ctx.userId())) {
        throw new IllegalStateException("picky shelf failed on purpose for " + ctx.userId());
      }
      return ShelfDraft.builder().cards(ctx.trackCards(
          ctx.plays().all().stream().map(p -> new dev.homeshelves.embeddings.Neighbor(p.trackId(), 1)).toList(),
          "picky")).buildIfAny();
    }
  }
}
