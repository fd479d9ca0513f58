package dev.homeshelves.service.experiments;

import static dev.homeshelves.service.experiments.Fixtures.experiment;
import static dev.homeshelves.service.experiments.Fixtures.off;
import static dev.homeshelves.service.experiments.Fixtures.param;
import static dev.homeshelves.service.experiments.Fixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.api.v1.KillSwitch;
import dev.homeshelves.api.v1.Shelf;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentConfigTest {

  private static final String USER = "user-7";

  @Test
  void conflictingParamIsDecidedByTheExperimentWhoseIdSortsFirst() {
    var alpha = experiment("alpha", 1.0, variant("small", 1).toBuilder()
        .putFunctions("made-for-you", param("size", "5")).build());
    var beta = experiment("beta", 1.0, variant("big", 1).toBuilder()
        .putFunctions("made-for-you", FunctionOverride.newBuilder()
            .putParams("size", "50").putParams("diversity", "0.9").build()).build());
    // Listed in the "wrong" order on purpose: precedence comes from the ids, not the list.
    Treatment treatment = new ExperimentConfig(List.of(beta, alpha), Map.of()).treatmentFor(USER);

    assertThat(treatment.paramsFor("made-for-you")).containsExactlyInAnyOrderEntriesOf(
        Map.of("size", "5", "diversity", "0.9"));
    assertThat(treatment.variantLabel("made-for-you")).isEqualTo("alpha/small,beta/big");
    assertThat(treatment.assignments()).containsExactly(
        new Assignment("alpha", "small"), new Assignment("beta", "big"));
  }

  @Test
  void killSwitchBeatsAnExperimentThatTurnsTheFunctionOn() {
    var keepOn = experiment("keep-on", 1.0, variant("on", 1).toBuilder()
        .putFunctions("trending-now", FunctionOverride.newBuilder().setEnabled(true).build()).build());
    Treatment treatment = new ExperimentConfig(List.of(keepOn), Map.of("trending-now", killed("trending-now")))
        .treatmentFor(USER);

    assertThat(treatment.isEnabled("trending-now")).isFalse();
    assertThat(treatment.disabledReason("trending-now")).contains("killed");
  }

  @Test
  void variantHidesDisabledShelvesAndOrdersAndRetitlesTheRest() {
    var layout = experiment("layout", 1.0, variant("trending-first", 1).toBuilder()
        .putFunctions("recently-played", off())
        .addShelfOrder("trending-now")
        .putTitles("made-for-you", "{title}, picked today")
        .build());
    Treatment treatment = new ExperimentConfig(List.of(layout), Map.of()).treatmentFor(USER);

    List<Shelf> seen = treatment.applyTo(List.of(
        shelf("made-for-you", "Made for you"), shelf("recently-played", "Jump back in"),
        shelf("heavy-rotation", "On repeat"), shelf("trending-now", "Trending now")));

    assertThat(seen).extracting(Shelf::getFunctionId)
        .containsExactly("trending-now", "made-for-you", "heavy-rotation");
    assertThat(seen.get(1).getTitle()).isEqualTo("Made for you, picked today");
    assertThat(treatment.disabledReason("recently-played")).contains("disabled by layout/trending-first");
  }

  @Test
  void usersOutsideEveryAllocationGetTheDefaultHome() {
    var nobody = experiment("nobody", 0.0, variant("v", 1).toBuilder()
        .putFunctions("recently-played", off()).build());
    Treatment treatment = new ExperimentConfig(List.of(nobody), Map.of()).treatmentFor(USER);

    List<Shelf> shelves = List.of(shelf("recently-played", "Jump back in"), shelf("trending-now", "Trending now"));
    assertThat(treatment.assignments()).isEmpty();
    assertThat(treatment.applyTo(shelves)).isEqualTo(shelves);
    assertThat(treatment.paramsFor("recently-played")).isEmpty();
  }

  @Test
  void revivedSwitchIsNotCountedAsKilled() {
    KillSwitch revived = killed("trending-now").toBuilder().setKilled(false).build();
    ExperimentConfig config = new ExperimentConfig(List.of(), Map.of("trending-now", revived));

    assertThat(config.isKilled("trending-now")).isFalse();
    assertThat(config.treatmentFor(USER).isEnabled("trending-now")).isTrue();
  }

  private static KillSwitch killed(String functionId) {
    return KillSwitch.newBuilder().setFunctionId(functionId).setKilled(true).setReason("test").build();
  }

  private static Shelf shelf(String functionId, String title) {
    return Shelf.newBuilder().setId(functionId).setFunctionId(functionId).setTitle(title).build();
  }
}
