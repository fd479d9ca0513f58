package dev.homeshelves.service.cli;

import dev.homeshelves.api.v1.RecomputeHomeRequest;
import dev.homeshelves.api.v1.RecomputeHomeResponse;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code homectl recompute --user U}: recomputes a user's Home now, with their current variants. */
@Command(name = "recompute", mixinStandardHelpOptions = true,
    footer = AdminCall.NEEDS_TOKEN,
    description = {"Recomputes a user's Home now, with their current variants. Admin token.",
        "Waits until the shelves are written. Needs a replica that runs the worker role: without --target it calls",
        "env HOME_SHELVES_WORKER_TARGET (bin/run-local writes the local worker's there), else HOME_SHELVES_TARGET."})
final class RecomputeCommand implements Callable<Integer> {

  @Option(names = "--user", required = true, description = "The user id.")
  String user;

  @Mixin AdminCall admin;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    admin.target.preferVariable("HOME_SHELVES_WORKER_TARGET");
    return admin.run(spec, "RecomputeHome",
        stub -> stub.recomputeHome(RecomputeHomeRequest.newBuilder().setUserId(user).build()), RecomputeCommand::print);
  }

  static void print(RecomputeHomeResponse response, PrintWriter out) {
    out.printf("recomputed the Home of %s%n", response.getUserId());
    out.printf("  written:        %s%n", list(response.getShelvesWrittenList()));
    out.printf("  skipped:        %s   (killed or turned off by a variant)%n", list(response.getFunctionsSkippedList()));
    out.printf("  without shelf:  %s   (failed, timed out, or nothing for this user)%n",
        list(response.getFunctionsWithoutShelfList()));
    out.printf("  experiments:    %s%n", response.getAssignmentsCount() == 0 ? "none"
        : String.join(", ", response.getAssignmentsList().stream()
            .map(a -> a.getExperimentId() + "=" + a.getVariant()).toList()));
  }

  private static String list(List<String> ids) {
    return ids.isEmpty() ? "-" : String.join(", ", ids);
  }
}
