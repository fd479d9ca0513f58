package dev.homeshelves.service.cli;

import dev.homeshelves.api.v1.SignalKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homectl play}: publishes a PLAY signal, so a person can watch their Home change. */
@Command(name = "play", mixinStandardHelpOptions = true,
    description = "Publishes a PLAY UserSignal to Pub/Sub (a play counts from 30 s of listening).")
final class PlayCommand implements Callable<Integer> {

  @Option(names = "--user", required = true, description = "The user id.")
  String user;

  @Option(names = "--track", required = true, description = "The track id.")
  String track;

  @Option(names = "--ms", defaultValue = "180000", description = "Milliseconds played (default: ${DEFAULT-VALUE}).")
  long msPlayed;

  @Option(names = "--context", defaultValue = "", description = "Where it was played, e.g. playlist:summer.")
  String context;

  @Mixin SignalTopic topic;

  @Override
  public Integer call() throws Exception {
    return topic.publish(topic.signal(SignalKind.PLAY, user, track)
        .setMsPlayed(msPlayed).setContext(context).build());
  }
}
