package dev.homeshelves.loadtest.echo;

import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.loadtest.home.GetHomeCaller;
import dev.homeshelves.loadtest.home.UserOptions;
import dev.homeshelves.loadtest.load.Json;
import dev.homeshelves.loadtest.load.LoadOptions;
import dev.homeshelves.loadtest.load.LoopbackTarget;
import dev.homeshelves.loadtest.load.Measurement;
import dev.homeshelves.loadtest.load.RateSweep;
import dev.homeshelves.loadtest.load.RunSummary;
import dev.homeshelves.loadtest.load.SweepOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loadtest compare}: echo and GetHome back to back at one rate, and their ratio. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {
        "Echo then GetHome at one rate, and GetHome's p99 as a multiple of the echo's.",
        "Runs `echo` and then `home` at the same rate in one invocation. The echo replies with the Home the service returns for the",
        "most popular user, so both answers have the same size. With --sweep it then finds, for",
        "each, the highest rate whose p99 stays within --p99-limit."})
public final class CompareCommand implements Callable<Integer> {

  @Option(names = "--target", defaultValue = "127.0.0.1:50051",
      description = "The service, host:port on this machine (default: ${DEFAULT-VALUE}).")
  String target;

  @Mixin LoadOptions load;
  @Mixin SweepOptions sweep;
  @Mixin UserOptions users;
  @Mixin ReplyOptions reply;
  @Mixin EchoOptions echo;

  /** Both runs at one rate, their p99 ratio, and the sweeps when asked for. */
  public record Comparison(
      int replyBytes, RunSummary echo, RunSummary home, double p99Ratio,
      RateSweep.Result echoSweep, RateSweep.Result homeSweep, Double sweepRatio) {

    String text() {
      StringBuilder out = new StringBuilder()
          .append(echo.text())
          .append(home.text())
          .append(String.format("GetHome p99 %.3f ms = %.2f x echo p99 %.3f ms at %,.0f/s"
                  + " (reply %,d bytes)%n",
              home.p99Ms(), p99Ratio, echo.p99Ms(), home.targetRate(), replyBytes));
      if (echoSweep != null) {
        out.append(String.format("highest rate with p99 <= %.1f ms: GetHome %,.0f/s, echo %,.0f/s,"
                + " ratio %.2f%n",
            echoSweep.p99LimitMillis(), homeSweep.highestPassingRate(),
            echoSweep.highestPassingRate(), sweepRatio));
      }
      return out.toString();
    }
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoopbackTarget service = LoopbackTarget.parse(target);
    String topUser = users.population().idOfRank(1);
    GetHomeResponse home = reply.reply(service, topUser);
    Measurement measurement = new Measurement(err);
    measurement.note(String.format("echo reply: %,d bytes (%s)", home.getSerializedSize(),
        "the Home of " + topUser + " unless --reply-* says otherwise"));
    try (EchoOptions.Running server = echo.start(home);
        GetHomeCaller echoCaller = new GetHomeCaller(
            server.target(), load.channels, load.deadline, users.requests());
        GetHomeCaller homeCaller = new GetHomeCaller(
            service, load.channels, load.deadline, users.requests())) {
      echoCaller.checkAnswers(server.target(), users.request(topUser));
      homeCaller.checkAnswers(service, users.request(topUser));
      RunSummary echoRun = RunSummary.of("echo",
          measurement.warmUpAndMeasure("echo", echoCaller, load.measured(), load.warmup));
      RunSummary homeRun = RunSummary.of("home",
          measurement.warmUpAndMeasure("home", homeCaller, load.measured(), load.warmup));
      RateSweep.Result echoSweep = null;
      RateSweep.Result homeSweep = null;
      Double sweepRatio = null;
      if (sweep.sweep) {
        RateSweep sweeper = sweep.sweeper(measurement, load.deadline);
        echoSweep = sweeper.run("echo", echoCaller);
        homeSweep = sweeper.run("home", homeCaller);
        sweepRatio = echoSweep.highestPassingRate() == 0
            ? Double.NaN : homeSweep.highestPassingRate() / echoSweep.highestPassingRate();
      }
      Comparison comparison = new Comparison(home.getSerializedSize(), echoRun, homeRun,
          echoRun.p99Ms() == 0 ? Double.NaN : homeRun.p99Ms() / echoRun.p99Ms(),
          echoSweep, homeSweep, sweepRatio);
      out.print(load.json ? Json.write(comparison) + System.lineSeparator() : comparison.text());
      out.flush();
      return echoRun.clean() && homeRun.clean() ? 0 : 1;
    }
  }
}
