package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.FollowRows;
import dev.homeshelves.service.store.PlayRows;
import static dev.homeshelves.service.signals.Signals.binary;
import static dev.homeshelves.service.signals.Signals.json;
import static dev.homeshelves.service.signals.Signals.play;
import static dev.homeshelves.service.signals.Signals.publishAll;
import static dev.homeshelves.service.signals.Signals.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.CapturedLogs;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ingest half of the worker against the real Pub/Sub and Bigtable emulators. */
class SignalIngestTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();
  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final TestWorkers workers = new TestWorkers();

  @AfterEach
  void closeAll() throws Exception {
    workers.close();
  }

  @Test
  void sameEventDeliveredTwiceIsStoredOnce() {
    var w = startWorker(Map.of());
    var once = play("dup-user", "track-1", Instant.now().minusSeconds(5));

    publishAll(w.publisher(), List.of(binary(once), binary(once)));

    await().atMost(WAIT).until(() -> count(w, "PLAY", "stored") + count(w, "PLAY", "duplicate") == 2);
    assertThat(count(w, "PLAY", "stored")).isEqualTo(1);
    assertThat(count(w, "PLAY", "duplicate")).isEqualTo(1);
    assertThat(plays().history("dup-user")).extracting(PlayRows.StoredPlay::eventId)
        .containsExactly(once.getEventId());
  }

  @Test
  void malformedMessagesAreDeadLetteredWithTheirReasonWhileGoodOnesAreStored() {
    var w = startWorker(Map.of());
    var settings = w.pubsub();
    var deadLetters = collect(w.clients(), settings.deadLetterSubscription());
    var now = Instant.now().minusSeconds(1);
    var good = play("good-user", "track-good", now);

    publishAll(w.publisher(), List.of(
        PubsubMessage.newBuilder().setData(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01, 0x02}))
            .putAttributes("case", "bad-bytes").build(),
        json("{\"event_id\": \"e1\", \"user_id\": ").toBuilder().putAttributes("case", "bad-json").build(),
        binary(good.toBuilder().setEventId("e2").clearUserId().build()).toBuilder()
            .putAttributes("case", "missing-user").build(),
        json("{\"event_id\":\"e3\",\"user_id\":\"u\",\"kind\":\"DANCE\",\"item_id\":\"t\","
            + "\"occurred_at\":\"2026-01-01T00:00:00Z\"}").toBuilder().putAttributes("case", "unknown-kind").build(),
        binary(good),
        json("{\"event_id\":\"e4\",\"user_id\":\"good-user\",\"kind\":\"PLAY\",\"item_id\":\"track-json\","
            + "\"ms_played\":\"40000\",\"occurred_at\":\"" + now + "\"}")));

    await().atMost(WAIT).until(() -> deadLetters.size() == 4);
    var byCase = new ConcurrentHashMap<String, Map<String, String>>();
    deadLetters.forEach(m -> byCase.put(m.getAttributesOrThrow("case"), m.getAttributesMap()));
    assertThat(byCase.get("bad-bytes")).containsEntry(DeadLetters.REASON, "malformed-protobuf");
    assertThat(byCase.get("bad-json")).containsEntry(DeadLetters.REASON, "malformed-json");
    assertThat(byCase.get("missing-user")).containsEntry(DeadLetters.REASON, "invalid-signal")
        .containsEntry(DeadLetters.DETAIL, "user_id: required");
    assertThat(byCase.get("unknown-kind")).containsEntry(DeadLetters.REASON, "invalid-signal");
    assertThat(byCase.get("unknown-kind").get(DeadLetters.DETAIL)).startsWith("kind:");
    assertThat(byCase.values()).allSatisfy(a -> assertThat(a)
        .containsEntry(DeadLetters.SUBSCRIPTION, settings.subscription())
        .containsKey(DeadLetters.SOURCE_MESSAGE_ID));

    await().atMost(WAIT).until(() -> plays().history("good-user").size() == 2);
    assertThat(plays().history("good-user")).extracting(PlayRows.StoredPlay::trackId)
        .containsExactlyInAnyOrder("track-good", "track-json");
  }

  @Test
  void aDeadLetteredSignalIsLoggedWithTheIdsItClaimedAndAnUnparsedMessageWithNone() {
    try (var logs = CapturedLogs.of(SignalSubscriber.class, Level.INFO)) {
      var w = startWorker(Map.of());
      var at = Instant.now().minusSeconds(1);
      // Parsed, then refused by the validator: its ids are known. The crafted user id is logged as
      // it came (the JSON encoder escapes it, LogFormatTest).
      var crafted = "mdc-user\n{\"forged\":true}";
      var invalid = play(crafted, "track-1", at).toBuilder().setEventId("mdc-event").build();
      // A crafted content-type: never parsed, so nothing names a user or an event.
      var unparsed = binary(play("other-user", "track-2", at)).toBuilder()
          .putAttributes(SignalParser.CONTENT_TYPE, "text/html\n\"user_id\": \"forged\"").build();

      publishAll(w.publisher(), List.of(binary(invalid), unparsed));

      await().atMost(WAIT).until(() -> logs.startingWith("dead-lettering message").size() == 2);
      var lines = logs.startingWith("dead-lettering message");
      assertThat(lines).filteredOn(e -> e.getFormattedMessage().contains("user_id: must be")).singleElement()
          .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsExactlyInAnyOrderEntriesOf(
              Map.of(LogContext.EVENT_ID, "mdc-event", LogContext.USER_ID, crafted)));
      assertThat(lines).filteredOn(e -> e.getFormattedMessage().contains("is neither")).singleElement()
          .satisfies(e -> assertThat(e.getMDCPropertyMap()).isEmpty());
    }
  }

  @Test
  void latestFollowActionWinsWhateverTheArrivalOrder() {
    var w = startWorker(Map.of());
    var t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

    // The unfollow happened last but is published first.
    publishAll(w.publisher(), List.of(
        binary(signal(SignalKind.UNFOLLOW_ARTIST, "fan", "artist-a", t0.plusSeconds(10))),
        binary(signal(SignalKind.FOLLOW_ARTIST, "fan", "artist-a", t0)),
        binary(signal(SignalKind.FOLLOW_ARTIST, "fan", "artist-b", t0.plusSeconds(5))),
        binary(signal(SignalKind.LIKE, "fan", "track-x", t0.plusSeconds(7)))));

    await().atMost(WAIT).until(() -> count(w, "FOLLOW_ARTIST", "stored") == 2
        && count(w, "UNFOLLOW_ARTIST", "stored") == 1 && count(w, "LIKE", "stored") == 1);
    var follows = new FollowStore(BIGTABLE.dataClient()).read("fan");
    assertThat(follows.artists()).extracting(FollowRows.Followed::id).containsExactly("artist-b");
    assertThat(follows.likedTracks()).extracting(FollowRows.Followed::id).containsExactly("track-x");
    assertThat(follows.likedTracks().get(0).since()).isEqualTo(t0.plusSeconds(7));
  }

  @Test
  void shortPlaysAndSkipsAreAckedWithoutBeingStored() {
    var w = startWorker(Map.of());
    var at = Instant.now().minusSeconds(2);

    publishAll(w.publisher(), List.of(
        binary(play("skipper", "short", at).toBuilder().setMsPlayed(29_999).build()),
        binary(signal(SignalKind.SKIP, "skipper", "skipped", at)),
        binary(play("skipper", "long-enough", at).toBuilder().setMsPlayed(30_000).build())));

    await().atMost(WAIT).until(() -> count(w, "PLAY", "stored") == 1
        && count(w, "PLAY", "ignored") == 1 && count(w, "SKIP", "ignored") == 1);
    assertThat(plays().history("skipper")).extracting(PlayRows.StoredPlay::trackId)
        .containsExactly("long-enough");
  }

  @Test
  void burstForOneUserCoalescesIntoBoundedRecomputes() {
    var debounce = Duration.ofMillis(500);
    var w = startWorker(Map.of("debounce", debounce.toMillis() + "ms"));
    var at = Instant.now().minusSeconds(1);
    var burst = IntStream.range(0, 1000).mapToObj(i -> binary(play("bursty", "track-" + i, at))).toList();

    long started = System.nanoTime();
    publishAll(w.publisher(), burst);
    await().atMost(Duration.ofSeconds(60)).until(() -> count(w, "PLAY", "stored") == 1000);
    // Every owed signal is included by some recompute: nothing stays owed.
    var owed = w.beans().recomputeStore;
    await().atMost(WAIT).until(() -> owed.read(List.of("bursty")).get().get("bursty").owed().isEmpty()
        && w.worker().pendingUsers() == 0);

    // One leading recompute, then at most one per debounce interval while signals keep coming,
    // plus the trailing one that applies the last of them.
    long bound = 2 + Duration.ofNanos(System.nanoTime() - started).toMillis() / debounce.toMillis();
    double recomputes = w.counter("homeshelves.worker.recomputes");
    assertThat(recomputes).isBetween(1.0, (double) bound);
    assertThat(recomputes).isLessThan(1000 / 10.0);
  }

  @Test
  void messagesHeldByAStoppedWorkerAreRedeliveredToANewOneAndNothingIsLost() throws Exception {
    var pubsub = new java.util.HashMap<String, Object>(PUBSUB.freshProperties());
    pubsub.put("home-shelves.pubsub.ack-deadline", "10s");
    // Worker A receives the signals but its storage never answers, so it never acks them.
    try (var blackHole = new BlackHole()) {
      var stuckBigtable = new java.util.HashMap<String, Object>(BIGTABLE.properties());
      stuckBigtable.put("home-shelves.bigtable.emulator-host", "127.0.0.1:" + blackHole.port());
      stuckBigtable.put("home-shelves.bigtable.create-tables", false);
      // Not closed by the test: a dead process gets no graceful shutdown.
      var a = workers.start(pubsub, Map.of(), stuckBigtable, TestWorkers.ingestModel(), TestWorkers.planOf(), false);
      var at = Instant.now().minusSeconds(1);
      var signals = IntStream.range(0, 50).mapToObj(i -> play("survivor-" + (i % 5), "t" + i, at)).toList();
      publishAll(a.publisher(), signals.stream().map(Signals::binary).toList());
      await().atMost(WAIT).until(() -> a.counter("homeshelves.worker.messages.received") == 50);

      a.clients().close(); // the process "dies": its streams break, nothing is acked or nacked

      var b = workers.start(pubsub, Map.of(), BIGTABLE.properties());
      // Redelivery comes after the dead worker's leases run out: one ack deadline (10 s) after
      // its last extension, up to the client's stream ack deadline; a loaded 2-core machine has
      // been seen to need more than 90 s in all.
      await().atMost(Duration.ofSeconds(180)).until(() -> count(b, "PLAY", "stored") == 50);
      for (int u = 0; u < 5; u++) {
        assertThat(plays().history("survivor-" + u)).hasSize(10);
      }
      assertThat(count(b, "PLAY", "duplicate")).isZero();
    }
  }

  // -- helpers --

  private PlayStore plays() {
    return new PlayStore(BIGTABLE.dataClient(), 500);
  }

  private TestWorkers.Running startWorker(Map<String, Object> worker) {
    return workers.start(PUBSUB.freshProperties(), worker, BIGTABLE.properties());
  }

  private ConcurrentLinkedQueue<PubsubMessage> collect(PubSubClients clients, String subscription) {
    var received = new ConcurrentLinkedQueue<PubsubMessage>();
    Subscriber subscriber = clients.subscriber(subscription, (m, reply) -> {
      received.add(m);
      reply.ack();
    }, SubscriberShutdownSettings.newBuilder().build());
    subscriber.startAsync().awaitRunning();
    workers.closeLater(() -> subscriber.stopAsync().awaitTerminated());
    return received;
  }

  private static double count(TestWorkers.Running w, String kind, String outcome) {
    return w.signals(kind, outcome);
  }

  /** A TCP server that accepts connections and never answers: storage that hangs. */
  private static final class BlackHole implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    BlackHole() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      var t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            accepted.add(server.accept());
          } catch (IOException closed) {
            return;
          }
        }
      }, "black-hole");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return accepted.size();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (var s : accepted) {
        s.close();
      }
    }
  }
}
