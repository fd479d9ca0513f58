package dev.homeshelves.loadtest.home;

import dev.homeshelves.loadtest.load.Json;
import dev.homeshelves.loadtest.load.LoadOptions;
import dev.homeshelves.loadtest.load.LoopbackTarget;
import dev.homeshelves.loadtest.load.Measurement;
import dev.homeshelves.loadtest.load.RunResult;
import dev.homeshelves.loadtest.load.RunSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loadtest home}: open-loop load on GetHome of a running service. */
@Command(name = "home", mixinStandardHelpOptions = true,
    description = {
        "Open-loop load on homeshelves.v1.HomeService/GetHome at a constant arrival rate.",
        "Latency is measured from each request's intended send time (no coordinated omission).",
        "Progress goes to stderr, the result to stdout; exit code 1 when any call failed."})
public final class HomeCommand implements Callable<Integer> {

  @Option(names = "--target", defaultValue = "127.0.0.1:50051",
      description = "The service, host:port on this machine (default: ${DEFAULT-VALUE}).")
  String target;

  @Mixin LoadOptions load;
  @Mixin UserOptions users;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunSummary summary = run(LoopbackTarget.parse(target), load, users, err);
    out.print(load.json ? Json.write(summary) + System.lineSeparator() : summary.text());
    out.flush();
    return summary.clean() ? 0 : 1;
  }

  /** Checks that {@code target} answers, then warms it up and measures it. */
  public static RunSummary run(
      LoopbackTarget target, LoadOptions load, UserOptions users, PrintWriter progress)
      throws Exception {
    try (GetHomeCaller caller =
        new GetHomeCaller(target, load.channels, load.deadline, users.requests())) {
      caller.checkAnswers(target, users.request(users.population().idOfRank(1)));
      RunResult result = new Measurement(progress)
          .warmUpAndMeasure("home", caller, load.measured(), load.warmup);
      return RunSummary.of("home", result);
    }
  }
}
