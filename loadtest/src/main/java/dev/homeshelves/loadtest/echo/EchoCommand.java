package dev.homeshelves.loadtest.echo;

import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.loadtest.home.GetHomeCaller;
import dev.homeshelves.loadtest.home.UserOptions;
import dev.homeshelves.loadtest.load.Json;
import dev.homeshelves.loadtest.load.LoadOptions;
import dev.homeshelves.loadtest.load.Measurement;
import dev.homeshelves.loadtest.load.RunSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code loadtest echo}: the same open-loop load against the echo server, the ceiling. */
@Command(name = "echo", mixinStandardHelpOptions = true,
    description = {
        "Open-loop load on an echo server: the ceiling of a unary gRPC call here.",
        "The generator of `loadtest home` against a trivial grpc-java server that answers",
        "GetHome with one canned Home-sized reply.",
        "Starts the echo server in a child JVM unless --echo-target or --in-process is given."})
public final class EchoCommand implements Callable<Integer> {

  @Mixin LoadOptions load;
  @Mixin UserOptions users;
  @Mixin ReplyOptions reply;
  @Mixin EchoOptions echo;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GetHomeResponse home = reply.reply(null, users.population().idOfRank(1));
    RunSummary summary = run(home, echo, load, users, err);
    out.print(load.json ? Json.write(summary) + System.lineSeparator() : summary.text());
    out.flush();
    return summary.clean() ? 0 : 1;
  }

  /** Starts (or finds) the echo server answering {@code home}, warms it up and measures it. */
  public static RunSummary run(
      GetHomeResponse home, EchoOptions echo, LoadOptions load, UserOptions users,
      PrintWriter progress) throws Exception {
    progress.printf("echo: reply of %,d bytes%n", home.getSerializedSize());
    try (EchoOptions.Running server = echo.start(home);
        GetHomeCaller caller = new GetHomeCaller(
            server.target(), load.channels, load.deadline, users.requests())) {
      caller.checkAnswers(server.target(), users.request(users.population().idOfRank(1)));
      return RunSummary.of("echo", new Measurement(progress)
          .warmUpAndMeasure("echo", caller, load.measured(), load.warmup));
    }
  }
}
