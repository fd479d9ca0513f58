package dev.homeshelves.service.cli;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.KillFunctionRequest;
import dev.homeshelves.api.v1.KillSwitch;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code homectl kill FUNCTION}: turns a shelf function off for everyone (kill switch). */
@Command(name = "kill", mixinStandardHelpOptions = true,
    footer = AdminCall.NEEDS_TOKEN,
    description = {"Turns a shelf function off for everyone (kill switch). Admin token.",
        "Its shelves leave Home on every replica within the config poll interval and the worker stops "
            + "computing it. Undo with `homectl revive`."})
final class KillCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FUNCTION", description = "The shelf function's id (see `homectl functions`).")
  String functionId;

  @Option(names = "--reason", defaultValue = "", description = "Why, for whoever reads the switch later.")
  String reason;

  @Mixin AdminCall admin;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return admin.run(spec, "KillFunction",
        stub -> stub.killFunction(KillFunctionRequest.newBuilder().setFunctionId(functionId).setReason(reason).build()),
        KillCommand::print);
  }

  static void print(KillSwitch kill, PrintWriter out) {
    out.printf("%s is %s (since %s)%s%n", kill.getFunctionId(), kill.getKilled() ? "KILLED" : "live",
        Timestamps.toString(kill.getChangedAt()), kill.getReason().isEmpty() ? "" : ": " + kill.getReason());
  }
}
