package dev.homeshelves.service.experiments;

import static dev.homeshelves.service.experiments.Fixtures.experiment;
import static dev.homeshelves.service.experiments.Fixtures.off;
import static dev.homeshelves.service.experiments.Fixtures.param;
import static dev.homeshelves.service.experiments.Fixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.api.v1.KillSwitch;
import dev.homeshelves.service.experiments.ShelfPlanner.PlannedShelf;
import dev.homeshelves.shelves.ShelfFunctions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShelfPlannerTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ShelfPlanner planner = new ShelfPlanner(ShelfFunctions.discover(), dev.homeshelves.service.ShelfFunctionsFactory.invalidParams(registry));

  @Test
  void withoutExperimentsEveryFunctionRunsWithItsDefaults() {
    ShelfPlanner.Plan plan = planner.plan(ExperimentConfig.EMPTY.treatmentFor("u1"));

    assertThat(plan.skipped()).isEmpty();
    assertThat(plan.shelves()).extracting(p -> p.shelf().id()).contains("made-for-you", "trending-now");
    assertThat(plan.shelves()).allSatisfy(p -> {
      assertThat(p.params().overridesAsText()).isEmpty();
      assertThat(p.variant()).isEmpty();
    });
  }

  @Test
  void killedAndVariantDisabledFunctionsAreNotComputed() {
    var noTrending = experiment("no-trending", 1.0, variant("off", 1).toBuilder()
        .putFunctions("trending-now", off()).build());
    KillSwitch killed = KillSwitch.newBuilder().setFunctionId("heavy-rotation").setKilled(true).build();

    ShelfPlanner.Plan plan = planner.plan(
        new ExperimentConfig(List.of(noTrending), Map.of("heavy-rotation", killed)).treatmentFor("u1"));

    assertThat(plan.skipped()).containsExactlyInAnyOrder("trending-now", "heavy-rotation");
    assertThat(plan.shelves()).extracting(p -> p.shelf().id()).doesNotContain("trending-now", "heavy-rotation");
  }

  @Test
  void variantParametersReachTheFunctionWithTheVariantLabel() {
    var shortRow = experiment("mfy-size", 1.0, variant("short", 1).toBuilder()
        .putFunctions("made-for-you", param("size", "10")).build());

    PlannedShelf madeForYou = madeForYou(planner.plan(new ExperimentConfig(List.of(shortRow), Map.of()).treatmentFor("u1")));

    assertThat(madeForYou.params().overridesAsText()).containsExactly(Map.entry("size", "10"));
    assertThat(madeForYou.variant()).isEqualTo("mfy-size/short");
  }

  @Test
  void parametersThatNoLongerParseFallBackToDefaultsAndAreCounted() {
    // Stored before the function's parameter changed: not accepted by today's validator.
    var stale = experiment("old", 1.0, variant("v", 1).toBuilder()
        .putFunctions("made-for-you", param("size", "9999")).build());

    PlannedShelf madeForYou = madeForYou(planner.plan(new ExperimentConfig(List.of(stale), Map.of()).treatmentFor("u1")));

    assertThat(madeForYou.params().overridesAsText()).isEmpty();
    assertThat(madeForYou.variant()).isEmpty();
    assertThat(registry.counter("homeshelves.experiments.params.invalid", "function", "made-for-you").count()).isEqualTo(1.0);
  }

  private static PlannedShelf madeForYou(ShelfPlanner.Plan plan) {
    return plan.shelves().stream().filter(p -> p.shelf().id().equals("made-for-you")).findFirst().orElseThrow();
  }
}
