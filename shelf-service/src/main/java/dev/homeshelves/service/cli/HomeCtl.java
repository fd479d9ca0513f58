package dev.homeshelves.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code homectl}: the client for people, talking to a running Home Shelves over gRPC. */
@Command(
    name = "homectl",
    mixinStandardHelpOptions = true,
    description = "Calls a running Home Shelves service.",
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
    System.exit(new CommandLine(new HomeCtl()).execute(args));
  }
}
