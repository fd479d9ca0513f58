package dev.homeshelves.loadtest;

import dev.homeshelves.loadtest.bench.JmhCommand;
import dev.homeshelves.loadtest.bigtable.BigtableReadCommand;
import dev.homeshelves.service.QuietJavaUtilLogging;
import dev.homeshelves.loadtest.echo.CompareCommand;
import dev.homeshelves.loadtest.echo.EchoCommand;
import dev.homeshelves.loadtest.echo.EchoServerCommand;
import dev.homeshelves.loadtest.faults.FaultsCommand;
import dev.homeshelves.loadtest.home.HomeCommand;
import dev.homeshelves.loadtest.signals.SignalsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/loadtest}: load generators and benchmarks for Home Shelves. */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
    description = {
        "Open-loop gRPC load on GetHome and an echo baseline, signal freshness, a fault suite",
        "for the signal path, and JMH benchmarks. Load only ever goes to this machine (loopback) and stops by itself."},
    subcommands = {
        HomeCommand.class,
        EchoCommand.class,
        CompareCommand.class,
        SignalsCommand.class,
        FaultsCommand.class,
        BigtableReadCommand.class,
        JmhCommand.class,
        EchoServerCommand.class,
        CommandLine.HelpCommand.class})
public final class LoadTestCli {

  public static void main(String[] args) {
    // shelf-service's jar brings its own logback.xml; the load generator logs only warnings.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "loadtest-logback.xml");
    }
    QuietJavaUtilLogging.install();
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling: bad input is a one-line message, not a trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LoadTestCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
        commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli;
  }
}
