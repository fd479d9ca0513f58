package dev.homeshelves.service.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.RecomputeHomeResponse;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.experiments.ConfigStore;
import dev.homeshelves.service.experiments.ExperimentSettings;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.experiments.ShelfPlanner;
import dev.homeshelves.service.signals.FunctionRunner;
import dev.homeshelves.service.signals.LoadContext;
import dev.homeshelves.service.signals.RunFunctions;
import dev.homeshelves.service.signals.RunPlan;
import dev.homeshelves.service.signals.ShelfRecomputer;
import dev.homeshelves.service.signals.TrendingCache;
import dev.homeshelves.service.signals.WorkerMetrics;
import dev.homeshelves.service.signals.WorkerModel;
import dev.homeshelves.service.signals.WriteShelves;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.TrendingStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.shelves.ShelfFunctions;
import dev.homeshelves.shelves.catalog.Catalog;
import dev.homeshelves.service.FailedPreconditionException;
import dev.homeshelves.service.GrpcErrorMapping;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RecomputeHome over the worker's real recomputer, with kill switches from the config table. */
class HomeRecomputeTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private static final ExperimentSettings SETTINGS = new ExperimentSettings(Duration.ofSeconds(2), Duration.ofSeconds(2));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Clock clock = Clock.systemUTC();
  private final ConfigStore config = new ConfigStore(BIGTABLE.dataClient(), clock, SETTINGS);
  private final LiveExperiments live = new LiveExperiments(config, clock, SETTINGS, registry);
  private final ShelfStore shelves = new ShelfStore(BIGTABLE.dataClient());
  private final ShelfPlanner planner = new ShelfPlanner(ShelfFunctions.discover(), dev.homeshelves.service.ShelfFunctionsFactory.invalidParams(registry));
  private FunctionRunner runner;
  private HomeRecompute recompute;

  @BeforeEach
  void wireTheWorkersRecomputer() {
    WorkerMetrics metrics = new WorkerMetrics(registry);
    runner = new FunctionRunner(1, Duration.ofSeconds(5), metrics);
    TrendingCache trending = new TrendingCache(
        new TrendingStore(BIGTABLE.dataClient(), Duration.ofMinutes(1)), Duration.ofHours(1), clock);
    WorkerModel model = new WorkerModel(Catalog.builder()
        .track("hello", "Hello", "Adele").track("skyfall", "Skyfall", "Adele").track("one", "One", "Metallica")
        .build(), Optional.empty());
    ShelfRecomputer recomputer = new ShelfRecomputer(
        new LoadContext(new PlayStore(BIGTABLE.dataClient(), 500), new FollowStore(BIGTABLE.dataClient()), trending, model),
        RunPlan.fromExperiments(planner, live::current), new RunFunctions(runner), new WriteShelves(shelves), metrics, clock);
    recompute = new HomeRecompute(Optional.of(recomputer), shelves, planner, live);
  }

  @AfterEach
  void stopRunner() {
    runner.close();
  }

  @Test
  void killedFunctionIsNotComputedAndComesBackWhenRevived() throws Exception {
    storePlays("u-recompute", "hello", "skyfall", "one");
    config.setKillSwitch("recently-played", true, "test");
    live.refresh();

    RecomputeHomeResponse whileKilled = recompute.recompute("u-recompute");

    assertThat(whileKilled.getFunctionsSkippedList()).containsExactly("recently-played");
    assertThat(whileKilled.getShelvesWrittenList()).doesNotContain("recently-played");
    assertThat(storedFunctions("u-recompute")).doesNotContain("recently-played");

    config.setKillSwitch("recently-played", false, "");
    live.refresh();
    RecomputeHomeResponse revived = recompute.recompute("u-recompute");

    assertThat(revived.getFunctionsSkippedList()).isEmpty();
    assertThat(revived.getShelvesWrittenList()).contains("recently-played");
    assertThat(storedFunctions("u-recompute")).contains("recently-played");
  }

  @Test
  void aShelfTheRecomputeNoLongerProducesIsRemoved() throws Exception {
    storePlays("u-removed", "hello", "skyfall", "one");
    assertThat(recompute.recompute("u-removed").getShelvesWrittenList()).contains("recently-played");
    assertThat(storedFunctions("u-removed")).contains("recently-played");

    config.setKillSwitch("recently-played", true, "test");
    live.refresh();
    recompute.recompute("u-removed");

    // Not produced by this recompute: gone from the stored Home, older versions included.
    assertThat(storedFunctions("u-removed")).doesNotContain("recently-played");
    config.setKillSwitch("recently-played", false, "");
    live.refresh();
  }

  @Test
  void replicaWithoutTheWorkerRoleSaysSo() {
    HomeRecompute servingOnly = new HomeRecompute(Optional.empty(), shelves, planner, live);

    assertThatThrownBy(() -> servingOnly.recompute("anyone"))
        .isInstanceOfSatisfying(FailedPreconditionException.class, e -> {
          assertThat(GrpcErrorMapping.toStatus(e).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(e.getMessage()).contains("worker role").contains("--target").contains("HOME_SHELVES_WORKER_ENABLED");
        });
  }

  private void storePlays(String user, String... tracks) throws Exception {
    PlayStore plays = new PlayStore(BIGTABLE.dataClient(), 500);
    Instant at = Instant.now().minusSeconds(600);
    for (String track : tracks) {
      at = at.plusSeconds(60);
      plays.storeIfNew(UserSignal.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setUserId(user).setKind(SignalKind.PLAY)
          .setItemId(track).setMsPlayed(180_000).setOccurredAt(Timestamps.fromMillis(at.toEpochMilli()))
          .build()).get();
    }
  }

  private List<String> storedFunctions(String user) {
    return shelves.readHome(user, Duration.ofSeconds(5)).stream().map(Shelf::getFunctionId).toList();
  }
}
