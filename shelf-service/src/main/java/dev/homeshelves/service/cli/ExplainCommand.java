package dev.homeshelves.service.cli;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.ExplainHomeRequest;
import dev.homeshelves.api.v1.ExplainHomeResponse;
import dev.homeshelves.api.v1.ShelfExplanation;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code homectl explain --user U}: why each shelf of a user's Home is there. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Explains a user's Home: per shelf the function, variant, seeds and inputs, when it was computed. Admin token.",
    footer = AdminCall.NEEDS_TOKEN)
final class ExplainCommand implements Callable<Integer> {

  @Option(names = "--user", required = true, description = "The user id.")
  String user;

  @Mixin AdminCall admin;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return admin.run(spec, "ExplainHome",
        stub -> stub.explainHome(ExplainHomeRequest.newBuilder().setUserId(user).build()), ExplainCommand::print);
  }

  static void print(ExplainHomeResponse response, PrintWriter out) {
    out.printf("Home of %s (%s)%n", response.getUserId(), response.getSource());
    out.printf("experiments: %s%n", response.getAssignmentsCount() == 0 ? "none"
        : String.join(", ", response.getAssignmentsList().stream()
            .map(a -> a.getExperimentId() + "=" + a.getVariant()).toList()));
    int n = 1;
    for (ShelfExplanation shelf : response.getShelvesList()) {
      boolean hidden = !shelf.getHiddenReason().isEmpty();
      out.printf("%n%s \"%s\"%s%s%n", hidden ? "-" : (n++) + ".", shelf.getTitle(), shelf.getStale() ? "  [stale]" : "",
          hidden ? "  [HIDDEN: " + shelf.getHiddenReason() + "]" : "");
      out.printf("   function %s, variant %s, %d items, computed %s%n", shelf.getFunctionId(),
          shelf.getVariant().isEmpty() ? "default" : shelf.getVariant(), shelf.getItemCount(),
          shelf.hasComputedAt() ? Timestamps.toString(shelf.getComputedAt()) : "-");
      if (shelf.getProvenance().getSeedIdsCount() > 0) {
        out.printf("   seeds: %s%n", String.join(", ", shelf.getProvenance().getSeedIdsList()));
      }
      shelf.getProvenance().getInputsMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(input -> out.printf("   %s = %s%n", input.getKey(), input.getValue()));
    }
  }
}
