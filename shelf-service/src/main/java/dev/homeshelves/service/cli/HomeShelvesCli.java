package dev.homeshelves.service.cli;

import dev.homeshelves.service.QuietJavaUtilLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The {@code home-shelves} command: runs the service roles and the data tools. */
@Command(
    name = "home-shelves",
    mixinStandardHelpOptions = true,
    description = "Home Shelves: personalized Home shelves served from Bigtable.",
    // One line per subcommand: add yours here.
    subcommands = {
      ServeCommand.class,
      SeedCommand.class,
      DemoDataCommand.class,
      WorkerCommand.class,
      BackfillCommand.class,
      DeadLettersCommand.class,
      HelpCommand.class,
    })
public final class HomeShelvesCli {

  public static void main(String[] args) {
    QuietJavaUtilLogging.install();
    System.exit(new CommandLine(new HomeShelvesCli()).execute(args));
  }
}
