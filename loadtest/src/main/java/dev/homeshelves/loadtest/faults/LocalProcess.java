package dev.homeshelves.loadtest.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process this run started, with its output in a log file: the faults are Unix signals sent
 * to it (SIGKILL, SIGSTOP, SIGCONT), and {@link #stop} ends it for sure.
 */
final class LocalProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(15);

  private final String name;
  private final Process process;
  private final Path log;

  private LocalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with {@code env} added to this process's environment. */
  static LocalProcess start(String name, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    var builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new LocalProcess(name, builder.start(), log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until its log has a line matching {@code ready}; fails when it exits or takes too long. */
  void awaitLog(Predicate<String> ready, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(ready)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; log: " + log);
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; log: " + log);
  }

  /** Waits until something accepts connections on 127.0.0.1:{@code port}. */
  void awaitPort(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited before it listened on " + port + "; log: " + log);
      }
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException(name + " did not listen on " + port + " within " + timeout.toSeconds() + " s");
  }

  /** SIGKILL: the process dies at once, nothing of it runs again. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process freezes, its sockets stay open and nothing answers (a hung server). */
  void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: a frozen process carries on where it stopped. */
  void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    var kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
        .redirectErrorStream(true).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + name + ") failed: "
          + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }
  }

  /** SIGCONT (a frozen process ignores SIGTERM), SIGTERM, and SIGKILL after a grace period. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    try {
      thaw();
    } catch (IOException | RuntimeException e) {
      // it may have exited in between; SIGTERM/SIGKILL below settle it either way
    }
    process.destroy();
    if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
