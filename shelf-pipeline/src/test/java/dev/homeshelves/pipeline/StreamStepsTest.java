package dev.homeshelves.pipeline;

import com.google.bigtable.v2.Mutation;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.DeadLetterAttributes;
import dev.homeshelves.service.signals.SignalLimits;
import dev.homeshelves.service.signals.SignalParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.extensions.protobuf.ProtoCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesAndMessageIdCoder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The streaming job's steps driven by TestStream on the DirectRunner: invalid messages and
 * their dead-letter reasons, a burst for one user, duplicate and late plays, bucket boundaries.
 * (JUnit 4: Beam's TestPipeline is a JUnit 4 rule.)
 */
public class StreamStepsTest {

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder dir = new TemporaryFolder();

  private static final long NOW = System.currentTimeMillis();

  @Test
  public void invalidMessagesBecomeDeadLettersWithTheWorkersReasonsAndValidOnesAreStored() throws Exception {
    Path catalog = dir.newFile("catalog.tsv").toPath();
    Files.writeString(catalog, "id\ttitle\tartist\nt1\tHello\tAdele\nt2\tSkyfall\tAdele\n", StandardCharsets.UTF_8);
    var binaryPlay = message(signal("e1", "u1", SignalKind.PLAY, "t1").toByteArray(), null);
    var jsonLike = message(JsonFormat.printer().print(signal("e2", "u1", SignalKind.LIKE, "t2"))
        .getBytes(StandardCharsets.UTF_8), SignalParser.JSON);
    var unknownTrack = message(signal("e3", "u2", SignalKind.PLAY, "nope").toByteArray(), null);
    var skip = message(signal("e4", "u2", SignalKind.SKIP, "t1").toByteArray(), null);
    var notJson = message("{not json".getBytes(StandardCharsets.UTF_8), SignalParser.JSON);
    var noUser = message(signal("e5", "", SignalKind.PLAY, "t1").toByteArray(), null);

    var messages = p.apply(TestStream.create(PubsubMessageWithAttributesAndMessageIdCoder.of())
        .addElements(binaryPlay, jsonLike, unknownTrack, skip, notJson, noUser)
        .advanceWatermarkToInfinity());
    var steps = messages.apply(ParDo.of(new StreamSteps.ParseAndValidate(catalog.toString(), SignalLimits.defaults(),
            Duration.ofMinutes(5), Duration.ofSeconds(30), "projects/p/subscriptions/shelf-pipeline"))
        .withOutputTags(StreamSteps.VALID, TupleTagList.of(StreamSteps.KNOWN).and(StreamSteps.DEAD)));
    steps.get(StreamSteps.DEAD).setCoder(PubsubMessageWithAttributesCoder.of());

    PAssert.that(steps.get(StreamSteps.VALID).apply("ValidIds", eventIds())).containsInAnyOrder("e1", "e2", "e3");
    PAssert.that(steps.get(StreamSteps.KNOWN).apply("KnownIds", eventIds())).containsInAnyOrder("e1", "e2");
    PAssert.that(steps.get(StreamSteps.DEAD).apply("Reasons", MapElements.into(TypeDescriptors.strings())
            .via(m -> m.getAttribute(DeadLetterAttributes.REASON) + ": " + m.getAttribute(DeadLetterAttributes.DETAIL)
                .replaceAll("(?s):.*", ":…") + " / " + m.getAttribute(DeadLetterAttributes.SUBSCRIPTION))))
        .containsInAnyOrder(
            "malformed-json: data is not a proto3 JSON UserSignal:… / projects/p/subscriptions/shelf-pipeline",
            "invalid-signal: user_id:… / projects/p/subscriptions/shelf-pipeline");
    PAssert.that(steps.get(StreamSteps.DEAD).apply("Details", MapElements.into(TypeDescriptors.strings())
            .via(m -> m.getAttribute(DeadLetterAttributes.DETAIL))))
        .satisfies(details -> {
          var all = StreamSupport.stream(details.spliterator(), false).toList();
          if (!all.contains("user_id: required")) {
            throw new AssertionError("expected the validator's detail 'user_id: required' in " + all);
          }
          return null;
        });
    p.run().waitUntilFinish();
  }

  @Test
  public void aBurstForOneUserIsOneRecomputePerIntervalAndOtherUsersAreNotHeldBack() {
    var coder = KvCoder.of(StringUtf8Coder.of(), ProtoCoder.of(UserSignal.class));
    var stream = TestStream.create(coder)
        .addElements(keyed("u1", "e1"), keyed("u1", "e1"), keyed("u1", "e2"), keyed("u2", "e3"))
        .advanceProcessingTime(org.joda.time.Duration.standardSeconds(1))
        .addElements(keyed("u1", "e4"))
        .advanceProcessingTime(org.joda.time.Duration.standardSeconds(2))
        // After u1's recompute: a new signal waits a whole interval again.
        .addElements(keyed("u1", "e5"))
        .advanceProcessingTime(org.joda.time.Duration.standardSeconds(1))
        .addElements(keyed("u1", "e6"))
        .advanceProcessingTime(org.joda.time.Duration.standardSeconds(2))
        .advanceWatermarkToInfinity();

    var recomputes = p.apply(stream)
        .apply(ParDo.of(new StreamSteps.Debounce(Duration.ofSeconds(2))))
        .apply(MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + ":" + kv.getValue().stream()
            .map(UserSignal::getEventId).sorted().collect(Collectors.joining(","))));

    // Three recomputes in all: the burst (duplicate included, as the worker's owed marks are), u2, then e5+e6.
    PAssert.that(recomputes).containsInAnyOrder("u1:e1,e1,e2,e4", "u2:e3", "u1:e5,e6");
    p.run().waitUntilFinish();
  }

  @Test
  public void trendingCountsEachPlayOnceInItsBucketAndLatePlaysRewriteTheBucketsUnit() {
    var start = Instant.parse("2026-12-07T12:00:00Z");
    var stream = TestStream.create(ProtoCoder.of(UserSignal.class))
        .addElements(at(play("p1", "A"), start.plus(10_000)), at(play("p2", "A"), start.plus(59_999)),
            at(play("p1", "A"), start.plus(20_000)),  // a redelivery of p1: counted once
            at(play("p3", "B"), start.plus(60_000)))  // the next bucket's first instant
        .advanceWatermarkTo(start.plus(120_000))
        .addElements(at(play("p4", "A"), start.plus(30_000)))  // late, within the window
        .advanceWatermarkToInfinity();

    var units = p.apply(stream)
        .apply(new CountTrending(Duration.ofMinutes(1), Duration.ofHours(1), "pipeline"))
        .apply(MapElements.into(TypeDescriptors.strings()).via(StreamStepsTest::describe));

    PAssert.that(units).containsInAnyOrder(
        "tr#20261207T1200Z#000#pipeline#" + start.getMillis() + " A=2",
        "tr#20261207T1200Z#000#pipeline#" + start.getMillis() + " A=3",
        "tr#20261207T1201Z#000#pipeline#" + (start.getMillis() + 60_000) + " B=1");
    p.run().waitUntilFinish();
  }

  private static String describe(KV<ByteString, Iterable<Mutation>> row) {
    var counts = new TreeMap<String, Long>();
    for (var m : row.getValue()) {
      var q = m.getSetCell().getColumnQualifier().toStringUtf8();
      if (q.startsWith("d/")) {
        counts.put(q.substring(q.lastIndexOf('/') + 1), m.getSetCell().getValue().asReadOnlyByteBuffer().getLong());
      }
    }
    return row.getKey().toStringUtf8() + " " + counts.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static MapElements<UserSignal, String> eventIds() {
    return MapElements.into(TypeDescriptors.strings()).via(UserSignal::getEventId);
  }

  private static UserSignal signal(String event, String user, SignalKind kind, String item) {
    return UserSignal.newBuilder().setEventId(event).setUserId(user).setKind(kind).setItemId(item)
        .setMsPlayed(kind == SignalKind.PLAY ? 60_000 : 0).setOccurredAt(Timestamps.fromMillis(NOW - 1_000)).build();
  }

  private static UserSignal play(String event, String track) {
    return signal(event, "u1", SignalKind.PLAY, track);
  }

  private static KV<String, UserSignal> keyed(String user, String event) {
    return KV.of(user, signal(event, user, SignalKind.PLAY, "t1"));
  }

  private static TimestampedValue<UserSignal> at(UserSignal s, Instant t) {
    return TimestampedValue.of(s, t);
  }

  private static PubsubMessage message(byte[] data, String contentType) {
    Map<String, String> attributes = new java.util.HashMap<>();
    if (contentType != null) {
      attributes.put(SignalParser.CONTENT_TYPE, contentType);
    }
    return new PubsubMessage(data, attributes, "m-" + new String(data, StandardCharsets.ISO_8859_1).hashCode());
  }

}
