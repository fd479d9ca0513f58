package dev.homeshelves.embeddings.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/embeddings}: train, inspect, evaluate, convert and benchmark track vectors. */
@Command(
    name = "embeddings",
    mixinStandardHelpOptions = true,
    version = "embeddings 0.1.0",
    description = "word2vec track vectors: train, neighbors, evaluate, convert, bench, scale-data, index, bench-recompute.",
    subcommands = {
      TrainCommand.class,
      NeighborsCommand.class,
      EvaluateCommand.class,
      ConvertCommand.class,
      BenchCommand.class,
      ScaleDataCommand.class,
      IndexCommand.class,
      BenchRecomputeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EmbeddingsCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new EmbeddingsCli());
    cli.setExecutionExceptionHandler((ex, line, parseResult) -> {
      line.getErr().println(line.getColorScheme().errorText("error: " + ex.getMessage()));
      return 2;
    });
    return cli;
  }
}
