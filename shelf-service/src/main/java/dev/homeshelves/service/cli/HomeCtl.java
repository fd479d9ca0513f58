package dev.homeshelves.service.cli;

import dev.homeshelves.service.QuietJavaUtilLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code homectl}: the client for people, talking to a running Home Shelves over gRPC. */
@Command(
    name = "homectl",
    mixinStandardHelpOptions = true,
    description = {"Calls a running Home Shelves service.",
        "Without flags it calls the local demo: bin/run-local writes its endpoints and admin token to var/local.env,",
        "which bin/homectl reads for every variable the environment does not set."},
    // One line per subcommand: add yours here.
    subcommands = {
      HomeCommand.class,
      WatchCommand.class,
      FunctionsCommand.class,
      ExperimentsCommand.class,
      KillCommand.class,
      ReviveCommand.class,
      ExplainCommand.class,
      RecomputeCommand.class,
      PlayCommand.class,
      LikeCommand.class,
      FollowCommand.class,
      HelpCommand.class,
    })
public final class HomeCtl {

  public static void main(String[] args) {
    // The Google clients log through java.util.logging; a person reads homectl's own lines.
    QuietJavaUtilLogging.install();
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with homectl's error handling: a {@link UsageException} is one line and
   * exit code 2; anything else unexpected is one line and exit code 1 (the stack trace only
   * with HOMECTL_DEBUG=1), never a stack trace for a user to read.
   */
  static CommandLine commandLine() {
    return new CommandLine(new HomeCtl()).setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof UsageException) {
        cmd.getErr().println("homectl: " + e.getMessage());
        cmd.getErr().flush();
        return 2;
      }
      cmd.getErr().printf("homectl: %s failed: %s%n", cmd.getCommandName(), oneLine(e));
      if (LocalEnv.get("HOMECTL_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      cmd.getErr().flush();
      return 1;
    });
  }

  /** The innermost cause's message, on one line. */
  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse("").strip();
  }
}
