package dev.homeshelves.service.cli;

import dev.homeshelves.api.v1.ReviveFunctionRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code homectl revive FUNCTION}: turns a killed shelf function back on. */
@Command(name = "revive", mixinStandardHelpOptions = true, description = "Turns a killed shelf function back on. Admin token.",
    footer = AdminCall.NEEDS_TOKEN)
final class ReviveCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FUNCTION", description = "The shelf function's id.")
  String functionId;

  @Mixin AdminCall admin;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return admin.run(spec, "ReviveFunction",
        stub -> stub.reviveFunction(ReviveFunctionRequest.newBuilder().setFunctionId(functionId).build()),
        KillCommand::print);
  }
}
