package dev.homeshelves.service.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.AdminServiceGrpc;
import dev.homeshelves.api.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.homeshelves.api.v1.DeleteExperimentRequest;
import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.ExperimentAssignment;
import dev.homeshelves.api.v1.ExplainHomeRequest;
import dev.homeshelves.api.v1.ExplainHomeResponse;
import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.KillFunctionRequest;
import dev.homeshelves.api.v1.ListFunctionsRequest;
import dev.homeshelves.api.v1.ParamInfo;
import dev.homeshelves.api.v1.Provenance;
import dev.homeshelves.api.v1.PutExperimentRequest;
import dev.homeshelves.api.v1.ReviveFunctionRequest;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.ShelfExplanation;
import dev.homeshelves.api.v1.ShelfFunctionInfo;
import dev.homeshelves.api.v1.Variant;
import dev.homeshelves.service.cli.HomeCtl;
import dev.homeshelves.service.experiments.ExperimentSettings;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Two service replicas on one Bigtable emulator, changed through AdminService on the first. */
class AdminServiceLiveTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private static final String ADMIN_TOKEN = "test-admin-token";
  private static final Instant COMPUTED_AT = Instant.parse("2026-11-24T09:00:00Z");

  private static RunningApp first;
  private static RunningApp second;

  @BeforeAll
  static void startTwoReplicas() {
    // Default poll interval: the test checks the bound as configured out of the box.
    // A generous read deadline so that a cold JVM on a busy machine does not fall back to the default Home.
    // The seeded shelves have one card each: keep them despite the thin-shelf rule.
    Map<String, Object> properties = Map.of("home-shelves.admin.token", ADMIN_TOKEN, "home-shelves.home.read-deadline", "5s",
        "home-shelves.home.min-items-per-shelf", 1);
    first = RunningApp.start(BIGTABLE, properties);
    second = RunningApp.start(BIGTABLE, properties);
  }

  @AfterAll
  static void stopReplicas() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @Test
  void experimentPutOnOneReplicaShapesGetHomeOnTheOtherWithinTheBound() {
    seedHome("u-toggle");
    Experiment layout = Experiment.newBuilder()
        .setId("layout-test").setSalt("layout-2026").setAllocation(1.0)
        .addVariants(Variant.newBuilder().setName("trending-first").setWeight(1)
            .putFunctions("recently-played", FunctionOverride.newBuilder().setEnabled(false).build())
            .addShelfOrder("trending-now")
            .putTitles("made-for-you", "{title}, picked today"))
        .build();

    admin(first).putExperiment(PutExperimentRequest.newBuilder().setExperiment(layout).build());

    await().atMost(ExperimentSettings.LIVE_BOUND).untilAsserted(() -> {
      GetHomeResponse home = getHome(second, "u-toggle");
      assertThat(home.getShelvesList()).extracting(Shelf::getFunctionId)
          .containsExactly("trending-now", "made-for-you", "heavy-rotation");
      assertThat(home.getShelves(1).getTitle()).isEqualTo("Made for you, picked today");
      assertThat(home.getAssignmentsList()).containsExactly(ExperimentAssignment.newBuilder()
          .setExperimentId("layout-test").setVariant("trending-first").build());
    });
    assertThat(second.context().getBean(MeterRegistry.class)
        .counter("homeshelves.home.experiment.exposures", "experiment", "layout-test", "variant", "trending-first").count())
        .isPositive();

    admin(first).deleteExperiment(DeleteExperimentRequest.newBuilder().setId("layout-test").build());

    await().atMost(ExperimentSettings.LIVE_BOUND).untilAsserted(() ->
        assertThat(getHome(second, "u-toggle").getShelvesList()).extracting(Shelf::getFunctionId)
            .containsExactly("made-for-you", "heavy-rotation", "recently-played", "trending-now"));
  }

  @Test
  void killedFunctionDisappearsAtOnceOnTheReplicaThatKilledIt() {
    seedHome("u-kill");
    try {
      admin(first).killFunction(KillFunctionRequest.newBuilder()
          .setFunctionId("heavy-rotation").setReason("bad counts").build());

      assertThat(getHome(first, "u-kill").getShelvesList()).extracting(Shelf::getFunctionId)
          .doesNotContain("heavy-rotation")
          .contains("made-for-you");
      ExplainHomeResponse explained = admin(first).explainHome(ExplainHomeRequest.newBuilder().setUserId("u-kill").build());
      assertThat(explained.getShelvesList())
          .filteredOn(s -> s.getFunctionId().equals("heavy-rotation"))
          .singleElement()
          .satisfies(s -> assertThat(s.getHiddenReason()).isEqualTo("killed"));
      await().atMost(ExperimentSettings.LIVE_BOUND).untilAsserted(() ->
          assertThat(getHome(second, "u-kill").getShelvesList()).extracting(Shelf::getFunctionId)
              .doesNotContain("heavy-rotation"));
    } finally {
      admin(first).reviveFunction(ReviveFunctionRequest.newBuilder().setFunctionId("heavy-rotation").build());
    }
    assertThat(getHome(first, "u-kill").getShelvesList()).extracting(Shelf::getFunctionId).contains("heavy-rotation");
  }

  @Test
  void explainShowsTheSeedsAndInputsOfEachShelf() {
    seedHome("u-explain");

    ExplainHomeResponse explained = admin(first).explainHome(ExplainHomeRequest.newBuilder().setUserId("u-explain").build());

    ShelfExplanation madeForYou = explained.getShelvesList().stream()
        .filter(s -> s.getFunctionId().equals("made-for-you")).findFirst().orElseThrow();
    assertThat(madeForYou.getProvenance().getSeedIdsList()).containsExactly("seed-made-for-you");
    assertThat(madeForYou.getProvenance().getInputsMap()).containsEntry("param.size", "20");
    assertThat(madeForYou.getComputedAt()).isEqualTo(Timestamps.fromMillis(COMPUTED_AT.toEpochMilli()));
    assertThat(madeForYou.getHiddenReason()).isEmpty();
  }

  @Test
  void invalidExperimentIsRejectedNamingTheField() {
    Experiment bad = Experiment.newBuilder().setId("bad-weights").setSalt("s").setAllocation(0.5)
        .addVariants(Variant.newBuilder().setName("a").setWeight(1))
        .addVariants(Variant.newBuilder().setName("b").setWeight(-2))
        .build();

    assertThatThrownBy(() -> admin(first).putExperiment(PutExperimentRequest.newBuilder().setExperiment(bad).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).startsWith("variants[1].weight: must be positive");
        });
  }

  @Test
  void adminCallsWithoutTheTokenAreRefused() {
    assertThatThrownBy(() -> AdminServiceGrpc.newBlockingStub(first.channel())
            .listFunctions(ListFunctionsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThatThrownBy(() -> admin(first, "not-the-token").listFunctions(ListFunctionsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
  }

  @Test
  void listFunctionsShowsEveryBuiltInWithItsParametersAndDefaults() {
    List<ShelfFunctionInfo> functions = admin(first).listFunctions(ListFunctionsRequest.getDefaultInstance())
        .getFunctionsList();

    assertThat(functions).extracting(ShelfFunctionInfo::getId)
        .contains("because-you-listened", "heavy-rotation", "made-for-you", "recently-played", "trending-now");
    ShelfFunctionInfo madeForYou = functions.stream().filter(f -> f.getId().equals("made-for-you")).findFirst().orElseThrow();
    assertThat(madeForYou.getParamsList())
        .contains(ParamInfo.newBuilder().setName("size").setType("integer").setDefaultValue("20")
            .setDescription(madeForYou.getParamsList().stream().filter(p -> p.getName().equals("size"))
                .findFirst().orElseThrow().getDescription()).build());
  }

  @Test
  void homectlPutsListsAndDeletesAnExperimentFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cli-exp.json");
    // Allocation 0: stored and listed, but shapes nobody's Home while the other tests run.
    Files.writeString(file, """
        {"id": "cli-exp", "salt": "cli-2026", "allocation": 0.0,
         "variants": [{"name": "control", "weight": 1},
                      {"name": "short", "weight": 1,
                       "functions": {"made-for-you": {"params": {"size": "10"}}}}]}
        """);
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, """
        {"id": "cli-bad", "salt": "s", "allocation": 0.5, "variants": [{"name": "a", "weight": 0}]}
        """);

    CliRun put = homectl("experiments", "put", file.toString());
    CliRun list = homectl("experiments", "list");
    CliRun json = homectl("experiments", "get", "cli-exp", "--json");
    CliRun rejected = homectl("experiments", "put", bad.toString());
    CliRun delete = homectl("experiments", "delete", "cli-exp");
    CliRun gone = homectl("experiments", "get", "cli-exp");

    assertThat(put.exit()).isZero();
    assertThat(put.out()).contains("stored experiment cli-exp", "made-for-you: {size=10}");
    assertThat(list.out()).contains("cli-exp", "control (1), short (1)");
    assertThat(json.out()).contains("\"id\": \"cli-exp\"", "\"updatedAt\"");
    assertThat(rejected.exit()).isEqualTo(1);
    assertThat(rejected.err()).contains("INVALID_ARGUMENT", "variants[0].weight");
    assertThat(delete.out()).contains("deleted experiment cli-exp");
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).contains("NOT_FOUND");
  }

  @Test
  void homectlExplainPrintsEachShelfWithItsSeedsAndInputs() {
    seedHome("u-cli");

    CliRun explain = homectl("explain", "--user", "u-cli");

    assertThat(explain.exit()).isZero();
    assertThat(explain.out()).contains("Home of u-cli (SOURCE_FRESH)", "function made-for-you, variant default",
        "seeds: seed-made-for-you", "param.size = 20");
  }

  @Test
  void homectlKillAndReviveReportTheSwitchAndFunctionsShowsIt() {
    CliRun kill = homectl("kill", "because-you-listened", "--reason", "seed bug");
    CliRun functions = homectl("functions");
    CliRun revive = homectl("revive", "because-you-listened");
    CliRun unknown = homectl("kill", "no-such-shelf");

    assertThat(kill.out()).contains("because-you-listened is KILLED", "seed bug");
    assertThat(functions.out()).contains("because-you-listened  [KILLED]");
    assertThat(revive.out()).contains("because-you-listened is live");
    assertThat(unknown.err()).contains("INVALID_ARGUMENT", "function_id");
  }

  @Test
  void homectlRecomputeOnAServingOnlyReplicaSaysWhereToRunIt() {
    CliRun recompute = homectl("recompute", "--user", "u-cli");

    assertThat(recompute.exit()).isEqualTo(1);
    assertThat(recompute.err()).contains("FAILED_PRECONDITION", "worker role");
  }

  private static CliRun homectl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new HomeCtl());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--target", "127.0.0.1:" + first.grpcPort(), "--admin-token", ADMIN_TOKEN));
    int exit = cli.execute(all.toArray(String[]::new));
    return new CliRun(exit, out.toString(), err.toString());
  }

  private record CliRun(int exit, String out, String err) {}

  private static void seedHome(String userId) {
    new ShelfStore(BIGTABLE.dataClient()).writeShelves(userId, List.of(
        shelf("made-for-you", "Made for you", 0.9),
        shelf("heavy-rotation", "On repeat", 0.7),
        shelf("recently-played", "Jump back in", 0.5),
        shelf("trending-now", "Trending now", 0.3)));
  }

  private static Shelf shelf(String functionId, String title, double score) {
    return Shelf.newBuilder()
        .setId(functionId).setFunctionId(functionId).setTitle(title).setScore(score)
        .setComputedAt(Timestamps.fromMillis(COMPUTED_AT.toEpochMilli()))
        .addItems(Item.newBuilder().setId("t-" + functionId).setTitle("Track for " + title))
        .setProvenance(Provenance.newBuilder().addSeedIds("seed-" + functionId).putInputs("param.size", "20"))
        .build();
  }

  private static GetHomeResponse getHome(RunningApp app, String userId) {
    return HomeServiceGrpc.newBlockingStub(app.channel()).getHome(GetHomeRequest.newBuilder().setUserId(userId).build());
  }

  private static AdminServiceBlockingStub admin(RunningApp app) {
    return admin(app, ADMIN_TOKEN);
  }

  private static AdminServiceBlockingStub admin(RunningApp app, String token) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return AdminServiceGrpc.newBlockingStub(app.channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }
}
