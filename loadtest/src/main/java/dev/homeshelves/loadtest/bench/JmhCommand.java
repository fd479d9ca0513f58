package dev.homeshelves.loadtest.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code loadtest jmh}: the JMH benchmarks of this module, with JMH's own command line. */
@Command(name = "jmh",
    description = {
        "Runs the JMH benchmarks: HomeRowBench (decode a stored Home row, encode the answer),",
        "NeighborSearchBench (top-k, exact and HNSW), ShelfFunctionBench (each built-in shelf).",
        "Every argument goes to JMH: a regex selects benchmarks, e.g.",
        "  bin/loadtest jmh ShelfFunctionBench -p shelf=made-for-you",
        "  bin/loadtest jmh -f 1 -wi 3 -i 5 -rf json -rff target/jmh.json",
        "`bin/loadtest jmh -h` prints JMH's options; -l lists the benchmarks."})
public final class JmhCommand implements Callable<Integer> {

  @Unmatched
  List<String> jmhArguments = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try {
      // JMH's own Main exits the JVM on errors; running the Runner here reports them instead.
      CommandLineOptions options = new CommandLineOptions(jmhArguments.toArray(String[]::new));
      if (options.shouldHelp()) {
        options.showHelp();
        return 0;
      }
      Runner runner = new Runner(options);
      if (options.shouldList() || options.shouldListWithParams()) {
        runner.list();
        return 0;
      }
      runner.run();
      return 0;
    } catch (CommandLineOptionException e) {
      err.println("jmh: " + e.getMessage() + " (bin/loadtest jmh -h lists JMH's options)");
      return 2;
    } catch (NoBenchmarksException e) {
      err.println("jmh: no benchmark matches " + jmhArguments + " (bin/loadtest jmh -l lists them)");
      return 2;
    } catch (RunnerException e) {
      err.println("jmh: the run failed: " + e.getMessage());
      return 1;
    }
  }
}
