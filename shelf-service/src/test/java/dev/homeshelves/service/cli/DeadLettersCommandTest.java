package dev.homeshelves.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.DeadLetters;
import dev.homeshelves.service.signals.PubSubClients;
import dev.homeshelves.service.signals.PubSubSettings;
import dev.homeshelves.service.signals.PubSubTopology;
import dev.homeshelves.service.signals.SignalParser;
import dev.homeshelves.service.signals.SignalParser.Rejection;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code home-shelves dead-letters inspect|replay} against the real Pub/Sub emulator. */
class DeadLettersCommandTest {

  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();
  private static final AtomicInteger PROJECTS = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(30);

  // Each test its own project: the command uses the configured (default) topic names.
  private final String project = "dead-letters-" + PROJECTS.incrementAndGet();
  private final PubSubSettings settings = settingsOf(project);
  private final PubSubClients clients = new PubSubClients(settings);
  private final List<Runnable> cleanup = new ArrayList<>();

  DeadLettersCommandTest() {
    new PubSubTopology(clients).ensureExists();
  }

  @AfterEach
  void close() {
    cleanup.forEach(Runnable::run);
    clients.close();
  }

  /** What one run of the command printed and returned. */
  record Run(int exitCode, String out, String err) {}

  @Test
  void inspectShowsReasonDetailSignalAndAttributesAndLeavesThemOnTheSubscription() throws Exception {
    deadLetter(signalMessage(play("e-1", "user-1")).toBuilder().putAttributes("origin", "app-7").build(),
        Rejection.TIMESTAMP_OUT_OF_RANGE, "occurred_at: 1999-12-31T23:59:59Z is before 2000-01-01T00:00:00Z");
    deadLetter(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("{\"event_id\": ")).putAttributes(
        SignalParser.CONTENT_TYPE, SignalParser.JSON).build(), Rejection.MALFORMED_JSON, "data is not JSON");

    var readable = run("inspect");
    assertThat(readable.exitCode()).isZero();
    assertThat(readable.out())
        .contains("reason timestamp-out-of-range", "detail: occurred_at: 1999-12-31T23:59:59Z is before",
            "signal: PLAY event e-1 user user-1 item track-9", "attributes: origin=app-7",
            "reason malformed-json", "(data does not decode: 13 bytes)",
            "2 dead letters shown", "by reason: malformed-json 1, timestamp-out-of-range 1")
        .doesNotContain(DeadLetters.REASON + "=");

    var json = run("inspect", "--json", "--reason", "timestamp-out-of-range");
    var doc = Struct.newBuilder();
    JsonFormat.parser().merge(json.out(), doc);
    var letters = doc.getFieldsOrThrow("deadLetters").getListValue().getValuesList();
    assertThat(letters).hasSize(1);
    var letter = letters.get(0).getStructValue().getFieldsMap();
    assertThat(letter.get("reason").getStringValue()).isEqualTo("timestamp-out-of-range");
    assertThat(letter.get("userId").getStringValue()).isEqualTo("user-1");
    assertThat(letter.get("eventId").getStringValue()).isEqualTo("e-1");
    assertThat(letter.get("attributes").getStructValue().getFieldsMap()).containsOnlyKeys("origin");

    // Neither run removed anything, and both handed their leases back at once.
    assertThat(run("inspect").out()).contains("2 dead letters shown");
    assertThat(run("inspect", "--ack", "--reason", "malformed-json").out()).contains("1 dead letter shown");
    assertThat(run("inspect").out()).contains("1 dead letter shown").doesNotContain("malformed-json");
  }

  @Test
  void replayRepublishesTheChosenOnesWithoutDeadLetterAttributesAndAcksOnlyThose() throws Exception {
    var fixed = new ArrayList<UserSignal>();
    for (int i = 0; i < 3; i++) {
      var s = play("late-" + i, "user-" + i);
      fixed.add(s);
      deadLetter(signalMessage(s).toBuilder().putAttributes("origin", "app-" + i).build(),
          Rejection.TIMESTAMP_OUT_OF_RANGE, "occurred_at: too far ahead");
    }
    deadLetter(signalMessage(play("junk", "user-x")), Rejection.INVALID_SIGNAL, "user_id: required");
    var replayed = collect(settings.topic());

    var dryRun = run("replay", "--reason", "timestamp-out-of-range", "--dry-run");
    assertThat(dryRun.exitCode()).isZero();
    assertThat(dryRun.out()).contains("dry run: 3 dead letters would be replayed", "1 not chosen",
        "signal: PLAY event late-0");
    assertThat(run("inspect").out()).contains("4 dead letters shown");

    var replay = run("replay", "--reason", "timestamp-out-of-range");
    assertThat(replay.exitCode()).isZero();
    assertThat(replay.out()).contains("replayed 3 dead letters to user-signals, 1 not chosen");
    assertThat(replay.err()).contains("replay: 3 republished to user-signals and acked, 0 failed");
    await().atMost(WAIT).until(() -> replayed.size() == 3);
    assertThat(replayed).allSatisfy(m -> assertThat(m.getAttributesMap().keySet())
        .containsExactlyInAnyOrder("origin").noneMatch(k -> k.startsWith("dead-letter-")));
    assertThat(replayed).extracting(m -> UserSignal.parseFrom(m.getData()))
        .containsExactlyInAnyOrderElementsOf(fixed);
    var left = run("inspect");
    assertThat(left.out()).contains("1 dead letter shown", "reason invalid-signal")
        .doesNotContain("timestamp-out-of-range");

    // By message id: the one left.
    var id = left.out().lines().filter(l -> l.startsWith("message ")).findFirst().orElseThrow().split(" +")[1];
    assertThat(run("replay", "--message-id", id).out()).contains("replayed 1 dead letters");
    await().atMost(WAIT).until(() -> replayed.size() == 4);
    assertThat(run("inspect").out()).contains("0 dead letters shown");
  }

  @Test
  void badFlagsAreRefusedWithAMessageNamingWhatIsWrong() {
    assertThat(run("replay")).satisfies(r -> {
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains("say which dead letters to replay: --reason R, --message-id ID, or --all");
    });
    assertThat(run("replay", "--all", "--reason", "invalid-signal").err())
        .contains("--all cannot be combined with --reason or --message-id");
    assertThat(run("replay", "--reason", "typo").err())
        .contains("--reason typo: not a dead-letter reason; one of malformed-protobuf");
    assertThat(run("inspect", "--limit", "0")).satisfies(r -> {
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains("--limit must be at least 1, was 0");
    });
    assertThat(run("dead-letters-typo").exitCode()).isEqualTo(2);
  }

  // -- helpers --

  /** The settings the command itself reads (application.yml with --emulator and --project). */
  private static PubSubSettings settingsOf(String project) {
    var source = new DeadLettersCommand.Source();
    source.emulator = PUBSUB.host();
    source.project = project;
    return source.settings();
  }

  private Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var all = new ArrayList<String>();
    all.add("dead-letters");
    if (args.length > 0 && !args[0].startsWith("dead-letters-")) {
      all.add(args[0]);
      all.addAll(List.of("--emulator", PUBSUB.host(), "--project", project));
      all.addAll(List.of(args).subList(1, args.length));
    } else {
      all.addAll(List.of(args));
    }
    int code = new CommandLine(new HomeShelvesCli())
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static UserSignal play(String eventId, String user) {
    var now = Instant.now();
    return UserSignal.newBuilder().setEventId(eventId).setUserId(user).setKind(SignalKind.PLAY)
        .setItemId("track-9").setMsPlayed(180_000)
        .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond())).build();
  }

  private static PubsubMessage signalMessage(UserSignal s) {
    return PubsubMessage.newBuilder().setData(s.toByteString()).setMessageId("orig-" + s.getEventId()).build();
  }

  /** Dead-letters {@code original} as the worker does, through the real DeadLetters. */
  private void deadLetter(PubsubMessage original, Rejection reason, String detail) throws Exception {
    var letters = new DeadLetters(clients.publisher(settings.deadLetterTopic()), settings.subscription());
    try {
      letters.publish(original, reason, detail).get(30, TimeUnit.SECONDS);
    } finally {
      letters.close();
    }
  }

  /** What reaches {@code topic} from now on, through a subscription of the test's own. */
  private ConcurrentLinkedQueue<PubsubMessage> collect(String topic) {
    var name = "probe-" + project;
    try (var admin = clients.subscriptionAdmin()) {
      admin.createSubscription(Subscription.newBuilder()
          .setName(clients.subscription(name).toString()).setTopic(clients.topic(topic).toString()).build());
    }
    var received = new ConcurrentLinkedQueue<PubsubMessage>();
    Subscriber subscriber = clients.subscriber(name, (m, reply) -> {
      received.add(m.toBuilder().removeAttributes("googclient_deliveryattempt").build());
      reply.ack();
    }, SubscriberShutdownSettings.newBuilder().build());
    subscriber.startAsync().awaitRunning();
    cleanup.add(() -> subscriber.stopAsync().awaitTerminated());
    return received;
  }
}
