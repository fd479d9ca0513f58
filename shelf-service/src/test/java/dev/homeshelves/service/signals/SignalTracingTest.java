package dev.homeshelves.service.signals;

import static dev.homeshelves.service.signals.Signals.binary;
import static dev.homeshelves.service.signals.Signals.play;
import static dev.homeshelves.service.signals.Signals.publishAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.PlayRows;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.RecomputeStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.CapturedLogs;
import dev.homeshelves.service.testing.InMemoryTracing;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import dev.homeshelves.service.tracing.RecomputeSpans;
import dev.homeshelves.service.tracing.SignalSpans;
import dev.homeshelves.shelves.builtin.RecentlyPlayed;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The span of each signal's message in a worker tracing into memory, against the real emulators. */
class SignalTracingTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();
  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();

  private static final AttributeKey<String> USER_SIGNALS_MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

  private final TestWorkers workers = new TestWorkers();
  private final InMemoryTracing traces = new InMemoryTracing();

  @AfterEach
  void closeAll() throws Exception {
    workers.close();
    traces.close();
  }

  @Test
  void aSignalIsOneSpanFromReceiptToItsStoredAckChildOfAndLinkedToThePublishersSpan() {
    var w = startWorker();
    var signal = play("traced-user", "track-1", Instant.now().minusSeconds(5));
    var message = binary(signal).toBuilder().putAttributes("traceparent", InMemoryTracing.TRACEPARENT).build();

    publishAll(w.publisher(), List.of(message));

    SpanData span = traces.awaitSpan(spanName(w), s -> s.getTraceId().equals(InMemoryTracing.CALLER_TRACE_ID));
    // Ended once the verdict was acted on: the play is durable by then.
    assertThat(plays().history("traced-user")).extracting(PlayRows.StoredPlay::eventId)
        .containsExactly(signal.getEventId());
    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(span.getParentSpanId()).isEqualTo(InMemoryTracing.CALLER_SPAN_ID);
    assertThat(span.getLinks()).extracting(LinkData::getSpanContext).singleElement().satisfies(link -> {
      assertThat(link.getTraceId()).isEqualTo(InMemoryTracing.CALLER_TRACE_ID);
      assertThat(link.getSpanId()).isEqualTo(InMemoryTracing.CALLER_SPAN_ID);
    });
    assertThat(span.getAttributes().asMap()).containsAllEntriesOf(Map.of(
        AttributeKey.stringKey("messaging.system"), "gcp_pubsub",
        AttributeKey.stringKey("messaging.operation.type"), "process",
        AttributeKey.stringKey("messaging.destination.name"), w.pubsub().topic(),
        AttributeKey.stringKey("messaging.destination.subscription.name"), w.pubsub().subscription(),
        SignalSpans.VERDICT, "ack"));
    assertThat(span.getAttributes().get(USER_SIGNALS_MESSAGE_ID)).isNotEmpty();
  }

  @Test
  void theRecomputeThatWritesTheSignalsShelvesIsASpanLinkedToTheSignals() {
    var w = workers.start(PUBSUB.freshProperties(), Map.of(), BIGTABLE.properties(), TestWorkers.musicModel(),
        TestWorkers.planOf(new RecentlyPlayed()), true, traces.tracing());
    var message = binary(play("recomputed-user", "hello", Instant.now().minusSeconds(5))).toBuilder()
        .putAttributes("traceparent", InMemoryTracing.TRACEPARENT).build();

    publishAll(w.publisher(), List.of(message));

    SpanData signal = traces.awaitSpan(spanName(w), s -> s.getTraceId().equals(InMemoryTracing.CALLER_TRACE_ID));
    SpanData recompute = traces.awaitSpan(RecomputeSpans.NAME,
        s -> s.getLinks().stream().anyMatch(l -> l.getSpanContext().getSpanId().equals(signal.getSpanId())));
    // Ended once the shelves were written.
    assertThat(new ShelfStore(BIGTABLE.dataClient()).readHome("recomputed-user", Duration.ofSeconds(5)))
        .extracting(Shelf::getId).contains("recently-played");
    assertThat(recompute.getParentSpanContext().isValid()).isFalse();
    assertThat(recompute.getTraceId()).isNotEqualTo(signal.getTraceId());
    assertThat(recompute.getAttributes().get(RecomputeSpans.FAILED)).isZero();
  }

  @Test
  void aSignalHandledByAReplicaThatDiedIsLinkedFromTheRecomputeOfTheReplicaThatSweepsIt() throws Exception {
    // What a tracing replica leaves when killed right after the ack: the play stored and its
    // user owed, the mark carrying the trace context of the signal's span.
    var at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    var signal = play("swept-user", "hello", at);
    plays().store(signal).get();
    new RecomputeStore(BIGTABLE.dataClient()).markOwed("swept-user", signal.getEventId(), at,
        InMemoryTracing.TRACEPARENT).get();

    workers.start(PUBSUB.freshProperties(), Map.of("sweep-interval", "200ms", "sweep-age", "100ms"),
        BIGTABLE.properties(), TestWorkers.musicModel(), TestWorkers.planOf(new RecentlyPlayed()), true,
        traces.tracing());

    // The span the dead replica's mark names: no process span of this worker's.
    SpanData recompute = traces.awaitSpan(RecomputeSpans.NAME, s -> s.getLinks().stream()
        .map(LinkData::getSpanContext)
        .anyMatch(l -> l.getTraceId().equals(InMemoryTracing.CALLER_TRACE_ID)
            && l.getSpanId().equals(InMemoryTracing.CALLER_SPAN_ID)));
    assertThat(recompute.getParentSpanContext().isValid()).isFalse();
    assertThat(recompute.getAttributes().get(RecomputeSpans.SIGNALS)).isGreaterThanOrEqualTo(1);
    assertThat(new ShelfStore(BIGTABLE.dataClient()).readHome("swept-user", Duration.ofSeconds(5)))
        .extracting(Shelf::getId).contains("recently-played");
  }

  @Test
  void aSignalWithoutTraceparentStartsATraceOfItsOwn() {
    var w = startWorker();

    publishAll(w.publisher(), List.of(binary(play("untraced-user", "track-2", Instant.now().minusSeconds(5)))));

    SpanData span = traces.awaitSpan(spanName(w), s -> true);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getLinks()).isEmpty();
    assertThat(span.getTraceId()).isNotEqualTo(InMemoryTracing.CALLER_TRACE_ID);
  }

  @Test
  void aDeadLetteredSignalsLineCarriesItsSpansIdsAndTheSpanItsReason() {
    try (var logs = CapturedLogs.of(SignalSubscriber.class, Level.INFO)) {
      var w = startWorker();
      var invalid = play("", "track-3", Instant.now().minusSeconds(5)).toBuilder().setEventId("traced-event").build();

      publishAll(w.publisher(), List.of(
          binary(invalid).toBuilder().putAttributes("traceparent", InMemoryTracing.TRACEPARENT).build()));

      SpanData span = traces.awaitSpan(spanName(w), s -> "dead-letter".equals(s.getAttributes().get(SignalSpans.VERDICT)));
      assertThat(span.getAttributes().get(SignalSpans.DEAD_LETTER_REASON)).isEqualTo("invalid-signal");
      await().atMost(Duration.ofSeconds(30)).until(() -> !logs.startingWith("dead-lettering message").isEmpty());
      assertThat(logs.startingWith("dead-lettering message")).singleElement()
          .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
              LogContext.EVENT_ID, "traced-event",
              LogContext.TRACE_ID, InMemoryTracing.CALLER_TRACE_ID,
              LogContext.SPAN_ID, span.getSpanId())));
    }
  }

  private TestWorkers.Running startWorker() {
    return workers.start(PUBSUB.freshProperties(), Map.of(), BIGTABLE.properties(), TestWorkers.ingestModel(),
        TestWorkers.planOf(), true, traces.tracing());
  }

  private static String spanName(TestWorkers.Running w) {
    return "process " + w.pubsub().topic();
  }

  private static PlayStore plays() {
    return new PlayStore(BIGTABLE.dataClient(), 500);
  }
}
