package dev.homeshelves.service.experiments;

import static dev.homeshelves.service.experiments.Fixtures.experiment;
import static dev.homeshelves.service.experiments.Fixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.Variant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class ExperimentAssignerTest {

  private static final double SIGNIFICANCE = 0.001;
  private static final List<String> USERS = IntStream.range(0, 20_000).mapToObj(i -> "user-" + i).toList();

  @Test
  void assignmentMatchesTheDocumentedSha256Recipe() {
    // Reference values computed with the Python recipe in docs/experiments.md.
    assertThat(AssignmentHash.of("s1", "alice").bucket()).isEqualTo(5032);
    assertThat(AssignmentHash.of("s1", "bob").bucket()).isEqualTo(1521);
    assertThat(AssignmentHash.of("s1", "carol").bucket()).isEqualTo(8999);

    Experiment half = Experiment.newBuilder().setSalt("s1").setAllocation(0.5)
        .addVariants(variant("control", 1)).addVariants(variant("treatment", 1)).build();
    assertThat(name(ExperimentAssigner.variantOf(half, "alice"))).isEmpty();
    assertThat(name(ExperimentAssigner.variantOf(half, "bob"))).contains("control");

    Experiment threeWay = Experiment.newBuilder().setSalt("s1").setAllocation(1.0)
        .addVariants(variant("a", 1)).addVariants(variant("b", 2)).addVariants(variant("c", 1)).build();
    assertThat(name(ExperimentAssigner.variantOf(threeWay, "carol"))).contains("b");
    assertThat(name(ExperimentAssigner.variantOf(threeWay, "alice"))).contains("a");
  }

  @Test
  void assignmentIsTheSameOnIndependentlyLoadedConfigs() throws Exception {
    String json = JsonFormat.printer().print(experiment("homepage-order", 0.6, variant("control", 1), variant("new", 1)));
    ExperimentConfig replicaA = new ExperimentConfig(List.of(parse(json)), Map.of());
    ExperimentConfig replicaB = new ExperimentConfig(List.of(parse(json)), Map.of());

    for (String user : USERS.subList(0, 2_000)) {
      assertThat(replicaB.assignmentsOf(user)).isEqualTo(replicaA.assignmentsOf(user));
    }
  }

  @Test
  void splitOverManyUsersMatchesTheWeights() {
    Experiment experiment = experiment("split", 1.0, variant("a", 1), variant("b", 2), variant("c", 1));
    long[] observed = countVariants(experiment, List.of("a", "b", "c"));

    assertThat(new ChiSquareTest().chiSquareTest(new double[] {1, 2, 1}, observed, SIGNIFICANCE))
        .as("split %s rejected against weights 1:2:1", java.util.Arrays.toString(observed))
        .isFalse();
    // The same counts are far from an even split, so the test has the power to notice a bad split.
    assertThat(new ChiSquareTest().chiSquareTest(new double[] {1, 1, 1}, observed, SIGNIFICANCE)).isTrue();
  }

  @Test
  void allocationSetsTheShareOfUsersInTheExperiment() {
    Experiment experiment = experiment("partial", 0.3, variant("only", 1));
    long inside = USERS.stream().filter(u -> ExperimentAssigner.variantOf(experiment, u).isPresent()).count();
    long[] observed = {inside, USERS.size() - inside};

    assertThat(new ChiSquareTest().chiSquareTest(new double[] {0.3, 0.7}, observed, SIGNIFICANCE)).isFalse();
  }

  @Test
  void growingTheAllocationKeepsEveryoneInTheirVariant() {
    Experiment small = experiment("grow", 0.2, variant("control", 1), variant("treatment", 1));
    Experiment large = small.toBuilder().setAllocation(0.8).build();

    for (String user : USERS.subList(0, 5_000)) {
      Optional<Variant> before = ExperimentAssigner.variantOf(small, user);
      if (before.isPresent()) {
        assertThat(ExperimentAssigner.variantOf(large, user)).isEqualTo(before);
      }
    }
  }

  @Test
  void zeroAllocationAssignsNobodyAndFullAllocationEverybody() {
    Experiment none = experiment("none", 0.0, variant("v", 1));
    Experiment all = experiment("all", 1.0, variant("v", 1));

    assertThat(USERS.subList(0, 1_000)).allSatisfy(u -> {
      assertThat(ExperimentAssigner.variantOf(none, u)).isEmpty();
      assertThat(ExperimentAssigner.variantOf(all, u)).isPresent();
    });
  }

  private static long[] countVariants(Experiment experiment, List<String> names) {
    Map<String, Long> counts = new LinkedHashMap<>();
    names.forEach(n -> counts.put(n, 0L));
    for (String user : USERS) {
      ExperimentAssigner.variantOf(experiment, user).ifPresent(v -> counts.merge(v.getName(), 1L, Long::sum));
    }
    return counts.values().stream().mapToLong(Long::longValue).toArray();
  }

  private static Optional<String> name(Optional<Variant> variant) {
    return variant.map(Variant::getName);
  }

  private static Experiment parse(String json) throws Exception {
    Experiment.Builder builder = Experiment.newBuilder();
    JsonFormat.parser().merge(json, builder);
    return builder.build();
  }
}
