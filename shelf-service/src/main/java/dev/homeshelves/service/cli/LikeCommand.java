package dev.homeshelves.service.cli;

import dev.homeshelves.api.v1.SignalKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homectl like}: publishes a LIKE signal for a track. */
@Command(name = "like", mixinStandardHelpOptions = true, description = "Publishes a LIKE UserSignal to Pub/Sub.")
final class LikeCommand implements Callable<Integer> {

  @Option(names = "--user", required = true, description = "The user id.")
  String user;

  @Option(names = "--track", required = true, description = "The track id.")
  String track;

  @Mixin SignalTopic topic;

  @Override
  public Integer call() throws Exception {
    return topic.publish(topic.signal(SignalKind.LIKE, user, track).build());
  }
}
