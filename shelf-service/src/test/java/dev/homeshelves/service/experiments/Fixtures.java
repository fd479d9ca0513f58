package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.api.v1.Variant;
import java.util.List;

/** Small builders for experiment tests. */
final class Fixtures {

  private Fixtures() {}

  static Variant variant(String name, int weight) {
    return Variant.newBuilder().setName(name).setWeight(weight).build();
  }

  static Experiment experiment(String id, double allocation, Variant... variants) {
    return Experiment.newBuilder()
        .setId(id)
        .setSalt(id + "-salt")
        .setAllocation(allocation)
        .addAllVariants(List.of(variants))
        .build();
  }

  static FunctionOverride off() {
    return FunctionOverride.newBuilder().setEnabled(false).build();
  }

  static FunctionOverride param(String name, String value) {
    return FunctionOverride.newBuilder().putParams(name, value).build();
  }
}
