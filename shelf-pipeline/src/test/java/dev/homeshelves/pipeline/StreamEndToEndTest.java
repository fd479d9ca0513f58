package dev.homeshelves.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.DeadLetterAttributes;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pipeline stream} end to end on the DirectRunner against both emulators: a play
 * published to Pub/Sub reaches the user's Home through GetHome ({@code bin/homectl home}
 * against {@code bin/home-shelves serve}), and a malformed message reaches the dead-letter topic
 * with its reason.
 */
class StreamEndToEndTest {

  @RegisterExtension static final BigtableEmulator BIGTABLE = new BigtableEmulator();
  @RegisterExtension static final PubSubEmulator PUBSUB = new PubSubEmulator();

  @TempDir Path dir;

  @Test
  void aPlayPublishedToPubSubReachesTheUsersHome() throws Exception {
    var env = new HashMap<>(BIGTABLE.env());
    var data = dir.resolve("demo");
    Launchers.run(env, dir.resolve("demo-data.log"), "home-shelves", "demo-data", "--out", data.toString());
    // Creates the tables (as every role does at start locally) and the default Home.
    Launchers.run(env, dir.resolve("seed.log"), "home-shelves", "seed", "--data", data.toString(), "--users", "1");
    // Three tracks: GetHome serves a shelf only from min-items-per-shelf (3) cards on.
    var lines = Files.readAllLines(data.resolve("catalog.tsv"));
    var tracks = List.of(lines.get(1).split("\t")[0], lines.get(2).split("\t")[0], lines.get(3).split("\t")[0]);

    PUBSUB.createTopic("user-signals");
    PUBSUB.createTopic("user-signals-dead-letter");
    PUBSUB.createSubscription("shelf-pipeline", "user-signals");
    PUBSUB.createSubscription("dead-letter-check", "user-signals-dead-letter");

    int grpcPort = freePort();
    env.putAll(java.util.Map.of("GRPC_PORT", String.valueOf(grpcPort), "HTTP_PORT", String.valueOf(freePort())));
    var serveLog = dir.resolve("serve.log");
    var serve = new ProcessBuilder(Launchers.ROOT.resolve("bin/home-shelves").toString(), "serve")
        .redirectErrorStream(true).redirectOutput(serveLog.toFile());
    serve.environment().putAll(env);
    var server = serve.start();
    PipelineResult job = null;
    try {
      var args = new ArrayList<>(List.of(BIGTABLE.options()));
      args.addAll(List.of("--catalog=" + data.resolve("catalog.tsv"), "--pubsubRootUrl=" + PUBSUB.rootUrl(),
          "--credentialFactoryClass=" + NoopCredentialFactory.class.getName(),
          "--subscription=" + PUBSUB.subscription("shelf-pipeline"),
          "--deadLetterTopic=" + PUBSUB.topic("user-signals-dead-letter"), "--blockOnRun=false"));
      var options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation()
          .as(StreamPipeline.Options.class);
      job = StreamPipeline.create(options).run();

      var messages = new ArrayList<String>();
      for (int i = 0; i < tracks.size(); i++) {
        var play = UserSignal.newBuilder().setEventId("stream-e" + i).setUserId("stream-user").setKind(SignalKind.PLAY)
            .setItemId(tracks.get(i)).setMsPlayed(90_000)
            .setOccurredAt(Timestamps.fromMillis(System.currentTimeMillis() - 60_000 + i * 1_000)).build();
        messages.add(message(JsonFormat.printer().omittingInsignificantWhitespace().print(play)));
      }
      messages.add(message("{not json"));
      PUBSUB.call("POST", PUBSUB.topic("user-signals") + ":publish",
          "{\"messages\":[" + String.join(",", messages) + "]}");

      // GetHome until the play shows (each call is a fresh bin/homectl: paced by its own start-up).
      String recent = "";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline && !showsAll(recent, tracks)) {
        recent = recentlyPlayed(homectl(env, grpcPort));
      }
      assertThat(showsAll(recent, tracks))
          .as("GetHome(stream-user)'s recently-played shows %s: '%s'; stored rows: %s", tracks, recent, stored())
          .isTrue();

      String pulled = "";
      while (System.nanoTime() < deadline && !pulled.contains("receivedMessages")) {
        pulled = PUBSUB.call("POST", PUBSUB.subscription("dead-letter-check") + ":pull", "{\"maxMessages\":10}");
      }
      assertThat(pulled).contains(DeadLetterAttributes.REASON).contains("malformed-json");
    } finally {
      if (job != null) {
        job.cancel();
      }
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** The recently-played shelf of homectl's output, "" when it has none. */
  private static String recentlyPlayed(String home) {
    int start = home.indexOf("shelf recently-played");
    if (start < 0) {
      return "";
    }
    int end = home.indexOf("\n\n", start);
    return end < 0 ? home.substring(start) : home.substring(start, end);
  }

  private static boolean showsAll(String shelf, List<String> tracks) {
    return !shelf.isEmpty() && tracks.stream().allMatch(t -> shelf.contains("- " + t + " "));
  }

  /** What Bigtable holds for the user, for a failure's message. */
  private static String stored() throws Exception {
    var data = BIGTABLE.data();
    var shelves = data.readRow(com.google.cloud.bigtable.data.v2.models.TableId.of("shelves"), "u#stream-user");
    var plays = data.readRow(com.google.cloud.bigtable.data.v2.models.TableId.of("plays"), "u#stream-user");
    return "shelves " + (shelves == null ? "none" : shelves.getCells().stream()
        .map(c -> c.getQualifier().toStringUtf8().replace('\0', '@') + "@" + c.getTimestamp()).toList())
        + ", plays " + (plays == null ? "none" : plays.getCells().size());
  }

  private String homectl(java.util.Map<String, String> env, int grpcPort) throws Exception {
    var log = dir.resolve("homectl.log");
    var builder = new ProcessBuilder(Launchers.ROOT.resolve("bin/homectl").toString(), "home", "--user", "stream-user",
        "--target", "127.0.0.1:" + grpcPort).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    var process = builder.start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static String message(String json) {
    return "{\"data\":\"" + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))
        + "\",\"attributes\":{\"content-type\":\"application/json\"}}";
  }

  private static int freePort() throws Exception {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
