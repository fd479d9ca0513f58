package dev.homeshelves.loadtest.echo;

import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.loadtest.home.UserIdPattern;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loadtest echo-server}: the echo server alone, until interrupted. */
@Command(name = "echo-server", mixinStandardHelpOptions = true,
    description = {
        "Runs the echo server alone, until interrupted.",
        "Serves homeshelves.v1.HomeService/GetHome with one canned Home-sized reply and no other",
        "work: the ceiling of a unary grpc-java call on this machine."})
public final class EchoServerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "50061",
      description = "Port on 127.0.0.1; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Mixin ReplyOptions reply;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    GetHomeResponse home = reply.reply(null, String.format(UserIdPattern.DEFAULT, 0));
    try (EchoHomeServer server = EchoHomeServer.start(port, home)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      out.printf("echo server listening on 127.0.0.1:%d, reply %,d bytes%n",
          server.port(), server.replyBytes());
      out.flush();
      server.awaitTermination();
    }
    return 0;
  }
}
