package dev.homeshelves.loadtest.echo;

import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.loadtest.load.LoopbackTarget;
import java.io.IOException;
import picocli.CommandLine.Option;

/** Where the echo server runs: a child JVM (default), this JVM, or one already running. */
public final class EchoOptions {

  @Option(names = "--echo-target",
      description = "Use an echo server already running at host:port (`loadtest echo-server`)"
          + " instead of starting one.")
  String echoTarget;

  @Option(names = "--in-process",
      description = "Run the echo server inside this JVM instead of a child JVM of its own"
          + " (the service runs in its own JVM, so the child is the fair ceiling).")
  boolean inProcess;

  @Option(names = "--echo-jvm-options", defaultValue = "",
      description = "JVM options of the echo server's child JVM, space-separated (default: none,"
          + " the JVM's defaults, as `bin/home-shelves serve` without JAVA_OPTS). Give the"
          + " service the same ones (JAVA_OPTS) for a fair ceiling.")
  String echoJvmOptions;

  /** A running echo server; closing it stops the server if this command started it. */
  public record Running(LoopbackTarget target, AutoCloseable stopper) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stopper.close();
    }
  }

  /** Starts the echo server as chosen, answering {@code reply}, or names {@code --echo-target}. */
  public Running start(GetHomeResponse reply) throws IOException {
    if (echoTarget != null) {
      return new Running(LoopbackTarget.parse(echoTarget), () -> { });
    }
    if (inProcess) {
      EchoHomeServer server = EchoHomeServer.start(0, reply);
      return new Running(new LoopbackTarget("127.0.0.1", server.port()), server);
    }
    EchoServerProcess process = EchoServerProcess.start(
        EchoServerProcess.writeReply(reply), java.util.List.of(echoJvmOptions.trim().split("\\s+"))
            .stream().filter(o -> !o.isEmpty()).toList());
    return new Running(new LoopbackTarget("127.0.0.1", process.port()), process);
  }
}
