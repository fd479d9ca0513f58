package dev.homeshelves.service.experiments;

import static dev.homeshelves.service.experiments.Fixtures.experiment;
import static dev.homeshelves.service.experiments.Fixtures.param;
import static dev.homeshelves.service.experiments.Fixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.service.InvalidArgumentException;
import dev.homeshelves.shelves.ShelfFunctions;
import org.junit.jupiter.api.Test;

class ExperimentValidatorTest {

  // The real built-in shelves, discovered as the service discovers them.
  private final ExperimentValidator validator = new ExperimentValidator(ShelfFunctions.discover());

  @Test
  void wellFormedExperimentPasses() {
    Experiment ok = experiment("size-test", 0.5, variant("control", 1), variant("small", 1).toBuilder()
        .putFunctions("made-for-you", param("size", "10"))
        .addShelfOrder("made-for-you")
        .putTitles("made-for-you", "Picked for you")
        .build());

    assertThat(validator.validate(ok)).isEqualTo(ok);
  }

  @Test
  void nonPositiveWeightIsRejectedNamingTheVariant() {
    assertRejected(experiment("w", 1.0, variant("a", 1), variant("b", 0)), "variants[1].weight", "positive");
  }

  @Test
  void allocationOutOfBoundsIsRejected() {
    assertRejected(experiment("a", 1.5, variant("a", 1)), "allocation", "between 0.0 and 1.0");
    assertRejected(experiment("a", -0.1, variant("a", 1)), "allocation", "between 0.0 and 1.0");
    assertRejected(experiment("a", Double.NaN, variant("a", 1)), "allocation", "between 0.0 and 1.0");
  }

  @Test
  void unknownFunctionIdIsRejectedWithThePathToIt() {
    Experiment bad = experiment("f", 1.0, variant("a", 1).toBuilder()
        .putFunctions("no-such-shelf", FunctionOverride.newBuilder().setEnabled(false).build()).build());

    assertRejected(bad, "variants[0].functions[\"no-such-shelf\"]", "unknown shelf function");
  }

  @Test
  void unknownParameterIsRejectedListingTheKnownOnes() {
    Experiment bad = experiment("p", 1.0, variant("a", 1).toBuilder()
        .putFunctions("made-for-you", param("colour", "red")).build());

    assertRejected(bad, "variants[0].functions[\"made-for-you\"].params[\"colour\"]", "known: ");
    assertRejected(bad, "variants[0].functions[\"made-for-you\"].params[\"colour\"]", "per-artist");
  }

  @Test
  void parameterValueOfTheWrongTypeIsRejected() {
    Experiment bad = experiment("p", 1.0, variant("a", 1).toBuilder()
        .putFunctions("made-for-you", param("size", "ten")).build());

    assertRejected(bad, "variants[0].functions[\"made-for-you\"].params[\"size\"]", "expected an integer");
  }

  @Test
  void parameterValueOutOfItsBoundsIsRejected() {
    Experiment bad = experiment("p", 1.0, variant("a", 1).toBuilder()
        .putFunctions("made-for-you", param("size", "500")).build());

    assertRejected(bad, "variants[0].functions[\"made-for-you\"].params[\"size\"]", "above the maximum");
  }

  @Test
  void missingOrMalformedIdsAndNamesAreRejected() {
    assertRejected(experiment("Bad Id", 1.0, variant("a", 1)), "id", "[a-z0-9-]");
    assertRejected(experiment("x", 1.0, variant("a", 1)).toBuilder().setSalt("").build(), "salt", "required");
    assertRejected(experiment("x", 1.0), "variants", "at least one");
    assertRejected(experiment("x", 1.0, variant("a", 1), variant("a", 2)), "variants[1].name", "used by another");
    assertRejected(experiment("x", 1.0, variant("a", 1).toBuilder()
        .addShelfOrder("trending-now").addShelfOrder("trending-now").build()), "variants[0].shelf_order[1]", "twice");
    assertRejected(experiment("x", 1.0, variant("a", 1).toBuilder()
        .putTitles("trending-now", " ").build()), "variants[0].titles[\"trending-now\"]", "not blank");
  }

  @Test
  void everyBrokenRuleIsReportedAtOnceOnePerLine() {
    // The example: a size above its bound and a misspelt parameter in one put.
    Experiment bad = experiment("two-errors", 1.0, variant("a", 1).toBuilder()
        .putFunctions("made-for-you", FunctionOverride.newBuilder()
            .putParams("size", "1000").putParams("sizze", "10").build()).build(), variant("b", 0));

    assertThatThrownBy(() -> validator.validate(bad))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("3 problems:")
        .hasMessageContaining("\nvariants[0].functions[\"made-for-you\"].params[\"size\"]: invalid value \"1000\"")
        .hasMessageContaining("\nvariants[0].functions[\"made-for-you\"].params[\"sizze\"]: unknown parameter")
        .hasMessageContaining("\nvariants[1].weight: must be positive");
    assertThat(validator.violations(bad)).extracting(ExperimentValidator.Violation::field).containsExactly(
        "variants[0].functions[\"made-for-you\"].params[\"size\"]",
        "variants[0].functions[\"made-for-you\"].params[\"sizze\"]",
        "variants[1].weight");
  }

  private void assertRejected(Experiment experiment, String field, String rule) {
    assertThatThrownBy(() -> validator.validate(experiment))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(field)
        .hasMessageContaining(rule);
  }
}
