package dev.homeshelves.service.cli;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.PubSubClients;
import dev.homeshelves.service.signals.PubSubSettings;
import dev.homeshelves.service.signals.SignalParser;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** The options and the publishing shared by {@code homectl play}, {@code like} and {@code follow}. */
public final class SignalTopic {

  @Option(names = "--project", description = "Pub/Sub project (default: GOOGLE_CLOUD_PROJECT or home-shelves-local).")
  String project;

  @Option(names = "--topic", defaultValue = "user-signals", description = "Topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--emulator", paramLabel = "HOST:PORT",
      description = "Pub/Sub emulator (default: PUBSUB_EMULATOR_HOST; unset means real Pub/Sub).")
  String emulator;

  @Option(names = "--json", description = "Publish the proto3 JSON form (content-type: application/json) instead of binary.")
  boolean json;

  @Option(names = "--at", paramLabel = "INSTANT", description = "When it happened, ISO-8601 (default: now).")
  Instant at;

  @Option(names = "--event-id", description = "Event id (default: a random UUID; reuse one to test dedup).")
  String eventId;

  /** A signal of {@code kind} with the common fields filled. */
  UserSignal.Builder signal(SignalKind kind, String user, String item) {
    var when = at == null ? Instant.now() : at;
    return UserSignal.newBuilder()
        .setEventId(eventId == null ? UUID.randomUUID().toString() : eventId)
        .setUserId(user)
        .setKind(kind)
        .setItemId(item)
        .setOccurredAt(Timestamp.newBuilder().setSeconds(when.getEpochSecond()).setNanos(when.getNano()));
  }

  /** Pub/Sub settings from the options and the environment. */
  PubSubSettings settings() {
    var project = Optional.ofNullable(this.project)
        .or(() -> Optional.ofNullable(System.getenv("GOOGLE_CLOUD_PROJECT")))
        .orElse("home-shelves-local");
    var emulator = Optional.ofNullable(this.emulator)
        .or(() -> Optional.ofNullable(System.getenv("PUBSUB_EMULATOR_HOST")))
        .orElse("");
    var settings = new PubSubSettings(project, emulator, topic, "shelf-worker", "user-signals-dead-letter",
        "user-signals-dead-letter", false, 5, java.time.Duration.ofSeconds(30), 1, 1000, 1 << 20,
        java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(600));
    return settings;
  }

  /** Publishes and prints the message id; returns the exit code. */
  int publish(UserSignal signal) throws Exception {
    var settings = settings();
    var message = json
        ? PubsubMessage.newBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8(JsonFormat.printer().omittingInsignificantWhitespace().print(signal)))
            .putAttributes(SignalParser.CONTENT_TYPE, SignalParser.JSON)
            .build()
        : PubsubMessage.newBuilder().setData(signal.toByteString()).build();
    try (var clients = new PubSubClients(settings)) {
      var publisher = clients.publisher(topic);
      try {
        var id = publisher.publish(message).get(30, TimeUnit.SECONDS);
        System.out.printf("published %s %s of user %s (event %s) to %s as message %s%n",
            signal.getKind(), signal.getItemId(), signal.getUserId(), signal.getEventId(),
            clients.topic(topic), id);
        return 0;
      } finally {
        publisher.shutdown();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }
}
