package dev.homeshelves.loadtest.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.ProjectSubscriptionName;
import dev.homeshelves.api.v1.Provenance;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.loadtest.LoadTestCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code loadtest signals} against the real Pub/Sub and Bigtable emulators. A stand-in worker
 * (the real one lives in shelf-service) writes, for every signal, a shelf that says it applied
 * it, so the probe's matching and arithmetic are checked end to end.
 */
class SignalsCommandTest {
  private static LocalEmulators emulators;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startEmulators() throws Exception {
    emulators = LocalEmulators.start();
    emulators.createTopicAndSubscription("user-signals", "shelf-worker");
  }

  @AfterAll
  static void stopEmulators() throws Exception {
    emulators.close();
  }

  @Test
  void everyProbedSignalIsMatchedToTheShelfThatAppliedIt() throws Exception {
    AtomicInteger written = new AtomicInteger();
    try (BigtableDataClient table = emulators.dataClient()) {
      Subscriber worker = standInWorker(table, written);
      try {
        int exit = run("signals", "--rate", "100", "--duration", "1s", "--users", "10",
            "--probe-users", "10", "--drain-timeout", "60s", "--json",
            "--pubsub", emulators.pubsubTarget(), "--bigtable", emulators.bigtableTarget(),
            "--project", LocalEmulators.PROJECT, "--instance", LocalEmulators.INSTANCE);

        JsonObject report = JsonParser.parseString(out.toString()).getAsJsonObject();
        JsonObject freshness = report.getAsJsonObject("freshness");
        assertThat(exit).as(err.toString()).isZero();
        assertThat(report.getAsJsonObject("publish").get("sent").getAsLong()).isEqualTo(100);
        assertThat(freshness.get("measured").getAsLong()).isEqualTo(100);
        assertThat(freshness.get("unresolved").getAsLong()).isZero();
        assertThat(freshness.get("byLastSignalAt").getAsLong()).isEqualTo(100);
        assertThat(freshness.get("maxMs").getAsDouble())
            .isGreaterThanOrEqualTo(freshness.get("p50Ms").getAsDouble());
        assertThat(written.get()).isGreaterThanOrEqualTo(100);
      } finally {
        worker.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aMissingSubscriptionStopsTheRunBeforeAnySignalIsSent() {
    int exit = run("signals", "--duration", "1s", "--subscription", "nobody-listens",
        "--pubsub", emulators.pubsubTarget(), "--project", LocalEmulators.PROJECT);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("no subscription nobody-listens").contains("start the worker");
  }

  /**
   * Acks each signal after writing its user's shelf, stamped as the real worker does: with the
   * newest signal applied so far (messages arrive out of order), so a later version also says
   * it applied every earlier signal.
   */
  private static Subscriber standInWorker(BigtableDataClient table, AtomicInteger written) {
    Map<String, Timestamp> newest = new ConcurrentHashMap<>();
    Map<String, Object> userLocks = new ConcurrentHashMap<>();
    MessageReceiver receiver = (message, reply) -> {
              try {
                UserSignal signal = UserSignal.parseFrom(message.getData());
                // One write at a time per user, as the real worker recomputes a user: two
                // concurrent writes in the same millisecond share a cell version, and the one
                // landing last (maybe the older stamp) would hide the newer signal for good.
                synchronized (userLocks.computeIfAbsent(signal.getUserId(), u -> new Object())) {
                  long now = System.currentTimeMillis();
                  Timestamp applied = newest.merge(signal.getUserId(), signal.getOccurredAt(),
                      (a, b) -> Timestamps.compare(a, b) >= 0 ? a : b);
                  Shelf shelf = Shelf.newBuilder()
                      .setId("recently-played")
                      .setComputedAt(Timestamps.fromMillis(now))
                      .setProvenance(Provenance.newBuilder().setLastSignalAt(applied))
                      .build();
                  table.mutateRow(RowMutation.create(TableId.of("shelves"), "u#" + signal.getUserId())
                      .setCell("s", ByteString.copyFromUtf8("recently-played"),
                          TimeUnit.MILLISECONDS.toMicros(now), shelf.toByteString()));
                }
                written.incrementAndGet();
                reply.ack();
              } catch (Exception e) {
                reply.nack();
              }
            };
    Subscriber subscriber = Subscriber.newBuilder(
            ProjectSubscriptionName.of(LocalEmulators.PROJECT, "shelf-worker"), receiver)
        .setChannelProvider(emulators.pubsubTransport)
        .setCredentialsProvider(NoCredentialsProvider.create())
        .build();
    subscriber.startAsync().awaitRunning();
    return subscriber;
  }

  private int run(String... args) {
    return LoadTestCli.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
