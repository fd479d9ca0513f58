package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.PlayRows;
import static dev.homeshelves.service.signals.Signals.binary;
import static dev.homeshelves.service.signals.Signals.json;
import static dev.homeshelves.service.signals.Signals.play;
import static dev.homeshelves.service.signals.Signals.publishAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.service.signals.SignalParser.Rejection;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Oversized and out-of-range signals, and dead letters at Pub/Sub's limits, on the real emulators. */
class SignalBoundsTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();
  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final TestWorkers workers = new TestWorkers();

  @AfterEach
  void closeAll() throws Exception {
    workers.close();
  }

  @Test
  void oversizedAndOutOfRangeSignalsAreDeadLetteredWithTheirReasonAndNothingOfThemIsStored() {
    var w = workers.start(PUBSUB.freshProperties(), Map.of(), BIGTABLE.properties());
    var settings = w.pubsub();
    var deadLetters = collect(w.clients(), settings.deadLetterSubscription());
    var limits = w.context().getBean(SignalLimits.class);
    var now = Instant.now().minusSeconds(1);
    var user = "bounded-user";
    var good = play(user, "track-good", now);
    var hugeData = good.toBuilder().setEventId("huge")
        .setContext("x".repeat(limits.maxMessageBytes())).build();
    var longContext = good.toBuilder().setEventId("long-context")
        .setContext("é".repeat(limits.maxContextBytes() / 2 + 1)).build();
    var tooOld = play(user, "track-old", now.minus(limits.maxAge()).minusSeconds(60));
    // Beyond Instant's range: before the bound it threw, and the message was nacked again and again.
    var beyondTimestamp = good.toBuilder().setEventId("beyond")
        .setOccurredAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)).build();
    var future = play(user, "track-future", now.plus(Duration.ofHours(1)));

    publishAll(w.publisher(), List.of(
        tagged(binary(hugeData), "huge"),
        tagged(json("{\"event_id\":\"huge-json\",\"context\":\"" + "y".repeat(20_000) + "\"}"), "huge-json"),
        tagged(binary(longContext), "long-context"),
        tagged(binary(tooOld), "too-old"),
        tagged(binary(beyondTimestamp), "beyond"),
        tagged(binary(future), "future"),
        binary(good)));

    await().atMost(WAIT).until(() -> deadLetters.size() == 6);
    var byCase = new ConcurrentHashMap<String, Map<String, String>>();
    deadLetters.forEach(m -> byCase.put(m.getAttributesOrThrow("case"), m.getAttributesMap()));
    assertThat(byCase.get("huge")).containsEntry(DeadLetters.REASON, "message-too-large");
    assertThat(byCase.get("huge").get(DeadLetters.DETAIL)).startsWith("data: ")
        .contains("max-message-bytes " + limits.maxMessageBytes());
    assertThat(byCase.get("huge-json")).containsEntry(DeadLetters.REASON, "message-too-large");
    assertThat(byCase.get("long-context")).containsEntry(DeadLetters.REASON, "field-too-large")
        .containsEntry(DeadLetters.DETAIL, "context: " + longContext.getContextBytes().size()
            + " bytes, more than max-context-bytes " + limits.maxContextBytes());
    assertThat(byCase.get("too-old")).containsEntry(DeadLetters.REASON, "timestamp-out-of-range");
    assertThat(byCase.get("too-old").get(DeadLetters.DETAIL)).contains("max-age");
    assertThat(byCase.get("beyond")).containsEntry(DeadLetters.REASON, "timestamp-out-of-range");
    assertThat(byCase.get("future")).containsEntry(DeadLetters.REASON, "timestamp-out-of-range");
    assertThat(byCase.get("future").get(DeadLetters.DETAIL)).contains("in the future");
    // The original data travels with the dead letter, so it can be replayed after a fix.
    assertThat(deadLetters).anySatisfy(m -> assertThat(m.getData()).isEqualTo(hugeData.toByteString()));

    await().atMost(WAIT).until(() -> new PlayStore(BIGTABLE.dataClient(), 500).history(user).size() == 1);
    assertThat(new PlayStore(BIGTABLE.dataClient(), 500).history(user))
        .extracting(PlayRows.StoredPlay::trackId).containsExactly("track-good");
  }

  @Test
  void aDeadLetterOfAMessageWithTheMostAttributesPubSubAllowsStaysWithinItsLimits() {
    var w = workers.start(PUBSUB.freshProperties(), Map.of(), BIGTABLE.properties());
    var settings = w.pubsub();
    var deadLetters = collect(w.clients(), settings.deadLetterSubscription());
    var invalid = PubsubMessage.newBuilder()
        .setData(play("", "t", Instant.now()).toByteString()) // no user_id
        .putAttributes(SignalParser.CONTENT_TYPE, SignalParser.PROTOBUF);
    for (int i = 0; invalid.getAttributesCount() < DeadLetters.MAX_ATTRIBUTES; i++) {
      invalid.putAttributes(String.format("attr-%03d", i), "v".repeat(DeadLetters.MAX_VALUE_BYTES));
    }

    publishAll(w.publisher(), List.of(invalid.build()));

    await().atMost(WAIT).until(() -> deadLetters.size() == 1);
    var attributes = deadLetters.peek().getAttributesMap();
    // Keys only: a failure then prints 100 names, not 100 KB of values.
    assertThat(attributes.keySet()).hasSize(DeadLetters.MAX_ATTRIBUTES)
        .contains(SignalParser.CONTENT_TYPE, "attr-093").doesNotContain("attr-094")
        .noneMatch(key -> key.startsWith("goog"));
    assertThat(attributes.get(DeadLetters.REASON)).isEqualTo("invalid-signal");
    assertThat(attributes.get(SignalParser.CONTENT_TYPE)).isEqualTo(SignalParser.PROTOBUF);
    // 100 originals (content-type first), of which 95 fit beside the five dead-letter ones.
    assertThat(attributes.get(DeadLetters.DROPPED_ATTRIBUTES)).isEqualTo("5");
  }

  @Test
  void aDetailLongerThanAnAttributeValueMayBeIsCutOnACharacterBoundaryAndPublishes() throws Exception {
    var w = workers.start(PUBSUB.freshProperties(), Map.of(), BIGTABLE.properties());
    var settings = w.pubsub();
    var deadLetters = collect(w.clients(), settings.deadLetterSubscription());
    // Three bytes per character in UTF-8, and a four-byte one astride the limit.
    var detail = "€".repeat(340) + "😀" + "€".repeat(1000);
    var letters = new DeadLetters(w.clients().publisher(settings.deadLetterTopic()), settings.subscription());
    try {
      letters.publish(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("x")).build(),
          Rejection.INVALID_SIGNAL, detail).get(30, TimeUnit.SECONDS);
    } finally {
      letters.close();
    }

    await().atMost(WAIT).until(() -> deadLetters.size() == 1);
    var stored = deadLetters.peek().getAttributesOrThrow(DeadLetters.DETAIL);
    assertThat(stored.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(DeadLetters.MAX_VALUE_BYTES);
    assertThat(stored).startsWith("€".repeat(340)).endsWith("…").doesNotContain("\uFFFD");
  }

  private static PubsubMessage tagged(PubsubMessage m, String name) {
    return m.toBuilder().putAttributes("case", name).build();
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
}
