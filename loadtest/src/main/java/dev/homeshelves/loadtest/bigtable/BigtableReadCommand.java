package dev.homeshelves.loadtest.bigtable;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import dev.homeshelves.loadtest.home.UserOptions;
import dev.homeshelves.loadtest.load.Json;
import dev.homeshelves.loadtest.load.LoadOptions;
import dev.homeshelves.loadtest.load.LoopbackTarget;
import dev.homeshelves.loadtest.load.Measurement;
import dev.homeshelves.loadtest.load.RateSweep;
import dev.homeshelves.loadtest.load.RunSummary;
import dev.homeshelves.loadtest.load.SweepOptions;
import dev.homeshelves.loadtest.signals.Emulators;
import dev.homeshelves.loadtest.signals.ProjectOptions;
import dev.homeshelves.service.store.BigtableClients;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loadtest bigtable}: the read behind every GetHome, alone. Run beside {@code compare}, it
 * separates what the Bigtable read costs on this machine (client library and emulator) from what
 * the service adds around it.
 */
@Command(name = "bigtable", mixinStandardHelpOptions = true,
    description = {
        "Open-loop reads of users' Home rows straight from Bigtable (table shelves, row u#<user>,",
        "family s, newest 3 versions per shelf: what GetHome reads), at a constant arrival rate,",
        "with the Bigtable client library the service uses and no gRPC server in front: the",
        "floor of any GetHome that reads Bigtable once per call on this machine.",
        "Answers are counted as ROW or NO_ROW; exit code 1 when any read failed. With --sweep it",
        "then finds the highest rate whose p99 stays within --p99-limit, as compare does."})
public final class BigtableReadCommand implements Callable<Integer> {

  @Option(names = "--bigtable", defaultValue = "${env:BIGTABLE_EMULATOR_HOST}", required = true,
      description = "Bigtable emulator host:port on this machine (default: $BIGTABLE_EMULATOR_HOST;"
          + " bin/run-local prints it).")
  String bigtable;

  @Mixin ProjectOptions gcp;
  @Mixin LoadOptions load;
  @Mixin SweepOptions sweep;
  @Mixin UserOptions users;

  /** The run at one rate, and the sweep when asked for. */
  public record Result(RunSummary run, RateSweep.Result sweep) {

    String text() {
      String text = run.text();
      if (sweep != null) {
        text += String.format("highest rate with p99 <= %.1f ms: %,.0f/s%n",
            sweep.p99LimitMillis(), sweep.highestPassingRate());
      }
      return text;
    }
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Result result;
    BigtableDataClient client = Emulators.bigtable(LoopbackTarget.parse(bigtable), gcp.project, gcp.instance);
    try {
      HomeRowReader reader = new HomeRowReader(client, users.userIds(), load.deadline);
      Measurement measurement = new Measurement(err);
      RunSummary run = RunSummary.of("bigtable",
          measurement.warmUpAndMeasure("bigtable", reader, load.measured(), load.warmup));
      result = new Result(run,
          sweep.sweep ? sweep.sweeper(measurement, load.deadline).run("bigtable", reader) : null);
    } finally {
      // After an overload the client's close can wait for its channels for minutes.
      if (!BigtableClients.closeWithin(client, Duration.ofSeconds(5))) {
        err.println("bigtable: the Bigtable client did not close within 5 s; exiting without it");
      }
    }
    out.print(load.json ? Json.write(result) + System.lineSeparator() : result.text());
    out.flush();
    return result.run().clean() ? 0 : 1;
  }
}
