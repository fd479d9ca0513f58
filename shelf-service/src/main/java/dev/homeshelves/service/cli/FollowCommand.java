package dev.homeshelves.service.cli;

import dev.homeshelves.api.v1.SignalKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homectl follow}: publishes a FOLLOW_ARTIST (or, with --unfollow, UNFOLLOW_ARTIST) signal. */
@Command(name = "follow", mixinStandardHelpOptions = true,
    description = "Publishes a FOLLOW_ARTIST (or UNFOLLOW_ARTIST) UserSignal to Pub/Sub.")
final class FollowCommand implements Callable<Integer> {

  @Option(names = "--user", required = true, description = "The user id.")
  String user;

  @Option(names = "--artist", required = true, description = "The artist id (as in the catalog).")
  String artist;

  @Option(names = "--unfollow", description = "Unfollow instead.")
  boolean unfollow;

  @Mixin SignalTopic topic;

  @Override
  public Integer call() throws Exception {
    return topic.publish(topic.signal(unfollow ? SignalKind.UNFOLLOW_ARTIST : SignalKind.FOLLOW_ARTIST, user, artist).build());
  }
}
