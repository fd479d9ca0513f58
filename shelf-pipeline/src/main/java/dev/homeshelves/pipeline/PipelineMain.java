package dev.homeshelves.pipeline;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code bin/pipeline}: the Home Shelves pipelines on Apache Beam. Every option is a Beam
 * pipeline option ({@code --name=value}); {@code --runner} picks where it runs (DirectRunner by
 * default, DataflowRunner; see docs/pipeline.md).
 */
public final class PipelineMain {

  private static final String USAGE = """
      Usage: bin/pipeline COMMAND [--option=value ...]
        backfill   recompute every user's Home (or those of --users) and the default Home, as
                   `home-shelves backfill` does, and write them to Bigtable with BigtableIO
        stream     the signal path as a streaming job (Pub/Sub to Bigtable)
      Run `bin/pipeline COMMAND --help` for the command's options (Beam pipeline options,
      --runner=DirectRunner by default, --runner=DataflowRunner for Dataflow).""";

  private PipelineMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    var rest = Arrays.copyOfRange(args, 1, args.length);
    boolean help = Arrays.stream(rest).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    try {
      switch (args[0]) {
        case "backfill" -> {
          if (help) {
            out.println("bin/pipeline backfill: recomputes users' shelves (all users with plays or follows, or --users)"
                + " and the default Home with the current shelf functions, model and experiment config.");
            PipelineOptionsFactory.printHelp(out, BackfillPipeline.Options.class);
            return 0;
          }
          var options = PipelineOptionsFactory.fromArgs(rest).withValidation().as(BackfillPipeline.Options.class);
          long started = System.nanoTime();
          // The DirectRunner runs the whole job inside run(); Dataflow returns once it is submitted.
          return finish(BackfillPipeline.create(options, Instant.now()).run(), "backfill", started, out);
        }
        case "stream" -> {
          if (help) {
            out.println("bin/pipeline stream: the signal path as a streaming job: signals from a subscription of"
                + " user-signals (binary or JSON) → dead letters with reasons / plays and follows stored / per-user"
                + " debounced recomputes of shelves / trending counts per bucket.");
            PipelineOptionsFactory.printHelp(out, StreamPipeline.Options.class);
            return 0;
          }
          var options = PipelineOptionsFactory.fromArgs(rest).withValidation().as(StreamPipeline.Options.class);
          var result = StreamPipeline.create(options).run();
          out.println("stream: running (" + options.getRunner().getSimpleName() + "); Ctrl-C stops a local run");
          result.waitUntilFinish();
          return 0;
        }
        default -> {
          err.println("bin/pipeline: unknown command '" + args[0] + "'\n" + USAGE);
          return 2;
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("bin/pipeline " + args[0] + ": " + e.getMessage());
      return 2;
    }
  }

  /** Waits for a batch run, printing the users done every few seconds; exit code 1 when some failed. */
  static int finish(PipelineResult result, String name, long started, PrintStream out) {
    PipelineResult.State state;
    do {
      state = result.waitUntilFinish(org.joda.time.Duration.standardSeconds(5));
      long done = counter(result, "users-recomputed");
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf("%s: %d users recomputed, %d failed, %.0f users/s (%s)%n", name, done,
          counter(result, "users-failed"), done / Math.max(seconds, 1e-3), state == null ? "RUNNING" : state);
    } while (state == null || !state.isTerminal());
    return state == PipelineResult.State.DONE && counter(result, "users-failed") == 0 ? 0 : 1;
  }

  static long counter(PipelineResult result, String name) {
    var query = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("home-shelves", name)).build());
    long total = 0;
    for (var c : query.getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

}
