package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.api.v1.Variant;
import dev.homeshelves.service.experiments.FunctionCatalog.FunctionEntry;
import dev.homeshelves.service.experiments.FunctionCatalog.ParamEntry;
import java.util.List;

/** Small builders for experiment tests. */
final class Fixtures {

  private Fixtures() {}

  static final FunctionCatalog CATALOG = FunctionCatalog.of(List.of(
      new FunctionEntry("made-for-you", "Made for you", List.of(
          new ParamEntry("size", "integer", "20", "cards on the shelf", Integer::parseInt),
          new ParamEntry("diversity", "double", "0.5", "artist spread", Double::parseDouble))),
      new FunctionEntry("recently-played", "Jump back in", List.of(
          new ParamEntry("size", "integer", "10", "cards on the shelf", Integer::parseInt))),
      new FunctionEntry("trending-now", "Trending now", List.of())));

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
