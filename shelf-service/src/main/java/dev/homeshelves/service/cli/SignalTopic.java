package dev.homeshelves.service.cli;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.PubSubClients;
import dev.homeshelves.service.signals.PubSubSettings;
import dev.homeshelves.service.signals.SignalParser;
import dev.homeshelves.shelves.catalog.SongsTsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** The options and the publishing shared by {@code homectl play}, {@code like} and {@code follow}. */
public final class SignalTopic {

  private static final java.util.regex.Pattern TRACEPARENT =
      java.util.regex.Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

  @Option(names = "--project", description = "Pub/Sub project (default: GOOGLE_CLOUD_PROJECT or home-shelves-local). "
      + "Without an emulator, naming the project is what sends the signal to real Pub/Sub.")
  String project;

  @Option(names = "--topic", defaultValue = "user-signals", description = "Topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--emulator", paramLabel = "HOST:PORT",
      description = "Pub/Sub emulator (default: env PUBSUB_EMULATOR_HOST, which bin/run-local writes to var/local.env).")
  String emulator;

  @Option(names = "--catalog", paramLabel = "FILE",
      description = "Catalog to check the item id against before publishing (default: env HOME_SHELVES_MODEL_CATALOG, "
          + "which bin/run-local writes to var/local.env; none: no check).")
  Path catalog;

  @Option(names = "--json", description = "Publish the proto3 JSON form (content-type: application/json) instead of binary.")
  boolean json;

  @Option(names = "--at", paramLabel = "INSTANT", description = "When it happened, ISO-8601 (default: now).")
  Instant at;

  @Option(names = "--event-id", description = "Event id (default: a random UUID; reuse one to test dedup).")
  String eventId;

  @Option(names = "--traceparent", paramLabel = "00-TRACE-SPAN-FLAGS",
      description = "W3C trace context to send as the message's traceparent attribute: the worker's span for the "
          + "signal becomes a child of that span (with tracing on; docs/operations.md, Traces).")
  String traceparent;

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

  /**
   * Pub/Sub settings from the options and the environment. Real Pub/Sub only when a project
   * is named and no emulator is, and then with one line saying so; with neither, the command
   * stops and says which variable or flag is missing.
   */
  PubSubSettings settings() {
    var emulator = Optional.ofNullable(this.emulator).or(() -> Optional.ofNullable(LocalEnv.get("PUBSUB_EMULATOR_HOST")))
        .orElse("");
    // A project from the local demo's file alone does not mean real Pub/Sub is wanted.
    boolean projectNamed = this.project != null
        || (LocalEnv.get("GOOGLE_CLOUD_PROJECT") != null && LocalEnv.get("HOME_SHELVES_LOCAL_PID") == null);
    var project = Optional.ofNullable(this.project).or(() -> Optional.ofNullable(LocalEnv.get("GOOGLE_CLOUD_PROJECT")))
        .orElse("home-shelves-local");
    if (emulator.isEmpty()) {
      if (!projectNamed) {
        throw new UsageException("no Pub/Sub emulator: set PUBSUB_EMULATOR_HOST or pass --emulator HOST:PORT "
            + "(bin/run-local writes it to " + LocalEnv.describe() + " when it runs the signal path); "
            + "for real Pub/Sub pass --project PROJECT");
      }
      System.err.printf("homectl: PUBSUB_EMULATOR_HOST is not set: publishing to real Pub/Sub, project %s "
          + "(Application Default Credentials)%n", project);
    }
    var settings = new PubSubSettings(project, emulator, topic, "shelf-worker", "user-signals-dead-letter",
        "user-signals-dead-letter", false, 5, java.time.Duration.ofSeconds(30), 1, 1000, 1 << 20,
        java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(600));
    return settings;
  }

  /**
   * Warns (one line, before publishing) when the catalog is known and lacks the track: the
   * worker stores such a signal but counts it apart and keeps it off shelves and trending.
   */
  private void warnIfUnknownTrack(String trackId) {
    Path file = catalog != null ? catalog : Optional.ofNullable(LocalEnv.get("HOME_SHELVES_MODEL_CATALOG")).map(Path::of).orElse(null);
    if (file == null) {
      return;
    }
    if (!Files.isReadable(file)) {
      System.err.printf("homectl: cannot check track %s: no such file: %s (the catalog)%n", trackId, file);
      return;
    }
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (!SongsTsv.read(reader).containsTrack(trackId)) {
        System.err.printf("homectl: warning: track %s is not in the catalog %s; the worker stores the play but counts "
            + "it as outcome=\"unknown-item\" and keeps it off shelves and trending until the catalog has it%n", trackId, file);
      }
    } catch (IOException | RuntimeException e) {
      System.err.printf("homectl: cannot check track %s against %s: %s%n", trackId, file, e.getMessage());
    }
  }

  /** Publishes and prints the message id; returns the exit code. */
  int publish(UserSignal signal) throws Exception {
    if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
      throw new UsageException("--traceparent: not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>): " + traceparent);
    }
    var settings = settings();
    if (signal.getKind() == SignalKind.PLAY || signal.getKind() == SignalKind.LIKE) {
      warnIfUnknownTrack(signal.getItemId());
    }
    var message = json
        ? PubsubMessage.newBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8(JsonFormat.printer().omittingInsignificantWhitespace().print(signal)))
            .putAttributes(SignalParser.CONTENT_TYPE, SignalParser.JSON)
            .build()
        : PubsubMessage.newBuilder().setData(signal.toByteString()).build();
    if (traceparent != null) {
      message = message.toBuilder().putAttributes("traceparent", traceparent).build();
    }
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
