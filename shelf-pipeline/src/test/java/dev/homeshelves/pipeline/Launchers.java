package dev.homeshelves.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's bin/ launchers, as a user would, and fails with their output when they fail. */
final class Launchers {

  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  private Launchers() {}

  static String run(Map<String, String> env, Path log, String launcher, String... args) throws Exception {
    var command = new ArrayList<String>();
    command.add(ROOT.resolve("bin").resolve(launcher).toString());
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    var process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(launcher + " " + String.join(" ", args) + " did not finish in 3 min:\n" + read(log));
    }
    var output = read(log);
    if (process.exitValue() != 0) {
      throw new AssertionError(launcher + " " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + output);
    }
    return output;
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
