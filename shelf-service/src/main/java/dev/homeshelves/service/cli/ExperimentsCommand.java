package dev.homeshelves.service.cli;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.DeleteExperimentRequest;
import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.api.v1.GetExperimentRequest;
import dev.homeshelves.api.v1.ListExperimentsRequest;
import dev.homeshelves.api.v1.ListExperimentsResponse;
import dev.homeshelves.api.v1.PutExperimentRequest;
import dev.homeshelves.api.v1.Variant;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code homectl experiments list|get|put|delete}: manage experiments (docs/experiments.md). */
@Command(name = "experiments", mixinStandardHelpOptions = true,
    description = "Lists, shows, creates or replaces, and deletes experiments. Admin token.",
    footer = AdminCall.NEEDS_TOKEN,
    subcommands = {
      ExperimentsCommand.ListExperiments.class,
      ExperimentsCommand.GetExperiment.class,
      ExperimentsCommand.PutExperiment.class,
      ExperimentsCommand.DeleteExperiment.class,
      HelpCommand.class,
    })
final class ExperimentsCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists all experiments.", footer = AdminCall.NEEDS_TOKEN)
  static final class ListExperiments implements Callable<Integer> {
    @Mixin AdminCall admin;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return admin.run(spec, "ListExperiments",
          stub -> stub.listExperiments(ListExperimentsRequest.getDefaultInstance()), ListExperiments::print);
    }

    static void print(ListExperimentsResponse response, PrintWriter out) {
      if (response.getExperimentsCount() == 0) {
        out.println("(no experiments)");
      }
      for (Experiment experiment : response.getExperimentsList()) {
        out.printf("%-24s %6.2f%% of users   variants: %s%n", experiment.getId(), experiment.getAllocation() * 100,
            String.join(", ", experiment.getVariantsList().stream()
                .map(v -> v.getName() + " (" + v.getWeight() + ")").toList()));
      }
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one experiment.", footer = AdminCall.NEEDS_TOKEN)
  static final class GetExperiment implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The experiment's id.")
    String id;

    @Mixin AdminCall admin;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return admin.run(spec, "GetExperiment",
          stub -> stub.getExperiment(GetExperimentRequest.newBuilder().setId(id).build()), ExperimentsCommand::print);
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true, footer = AdminCall.NEEDS_TOKEN,
      description = {"Creates or replaces an experiment from a JSON file.",
          "The file is the proto3 JSON form of homeshelves.v1.Experiment (see docs/experiments.md). A file that is "
              + "not valid JSON, or has an unknown field, is refused with its line and column; the server then "
              + "checks the experiment and lists every broken rule, one field path per line."})
  static final class PutExperiment implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The experiment file (JSON).")
    Path file;

    @Mixin AdminCall admin;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Experiment experiment = ExperimentFile.read(file);
      return admin.run(spec, "PutExperiment",
          stub -> stub.putExperiment(PutExperimentRequest.newBuilder().setExperiment(experiment).build()),
          (stored, out) -> {
            out.printf("stored experiment %s%n", stored.getId());
            print(stored, out);
          });
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes an experiment.", footer = AdminCall.NEEDS_TOKEN)
  static final class DeleteExperiment implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The experiment's id.")
    String id;

    @Mixin AdminCall admin;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return admin.run(spec, "DeleteExperiment",
          stub -> stub.deleteExperiment(DeleteExperimentRequest.newBuilder().setId(id).build()),
          (deleted, out) -> out.printf("deleted experiment %s%n", deleted.getId()));
    }
  }

  static void print(Experiment experiment, PrintWriter out) {
    out.printf("experiment %s%s%n", experiment.getId(),
        experiment.getDescription().isEmpty() ? "" : "  — " + experiment.getDescription());
    out.printf("  salt %s, allocation %.2f%% of users%s%n", experiment.getSalt(), experiment.getAllocation() * 100,
        experiment.hasUpdatedAt() ? ", updated " + Timestamps.toString(experiment.getUpdatedAt()) : "");
    long total = experiment.getVariantsList().stream().mapToLong(Variant::getWeight).sum();
    for (Variant variant : experiment.getVariantsList()) {
      out.printf("  variant %s: weight %d (%.1f%% of the experiment)%n", variant.getName(), variant.getWeight(),
          total == 0 ? 0.0 : 100.0 * variant.getWeight() / total);
      for (Map.Entry<String, FunctionOverride> function : variant.getFunctionsMap().entrySet()) {
        FunctionOverride override = function.getValue();
        out.printf("    %s:%s%s%n", function.getKey(),
            override.hasEnabled() ? (override.getEnabled() ? " on" : " off") : "",
            override.getParamsCount() == 0 ? "" : " " + override.getParamsMap());
      }
      if (variant.getShelfOrderCount() > 0) {
        out.printf("    order: %s first%n", String.join(", ", variant.getShelfOrderList()));
      }
      variant.getTitlesMap().forEach((id, title) -> out.printf("    title of %s: \"%s\"%n", id, title));
    }
  }
}
