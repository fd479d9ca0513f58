package dev.homeshelves.embeddings.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code embeddings bench}: placeholder replaced below. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.")
final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
