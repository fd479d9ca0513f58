package dev.homeshelves.pipeline;

import com.google.bigtable.v2.Mutation;
import com.google.protobuf.ByteString;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.SignalLimits;
import dev.homeshelves.service.store.FollowRows;
import dev.homeshelves.service.store.PlayRows;
import dev.homeshelves.service.store.TableLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.protobuf.ProtoCoder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code bin/pipeline stream}: the worker's signal path as one streaming job.
 *
 * <pre>
 *   ReadSignals (user-signals) ─▶ ParseAndValidate ─(invalid)─▶ WriteDeadLetters (user-signals-dead-letter)
 *     ├─ valid ─▶ StorePlays / StoreFollows (BigtableIO)
 *     └─ known item ─▶ KeyByUser ─▶ Debounce (keyed state + timer) ─▶ Recompute ─▶ WriteShelves
 *                └─ plays ─▶ CountTrending (once per event, per bucket) ─▶ WriteTrending
 * </pre>
 *
 * Step names are the worker's (docs/worker.md). The recompute merges the debounced signals
 * into what it reads, so it includes them even while their own writes are in flight.
 */
public final class StreamPipeline {

  /** The streaming job's options. */
  public interface Options extends HomeShelvesOptions, StreamingOptions, PubsubOptions {
    @Description("Subscription to read signals from, projects/P/subscriptions/S (a subscription of user-signals"
        + " of its own, not the worker's shelf-worker).")
    @Default.String("projects/home-shelves-local/subscriptions/shelf-pipeline")
    String getSubscription();

    void setSubscription(String value);

    @Description("Topic for invalid messages, projects/P/topics/T (home-shelves.pubsub.dead-letter-topic).")
    @Default.String("projects/home-shelves-local/topics/user-signals-dead-letter")
    String getDeadLetterTopic();

    void setDeadLetterTopic(String value);

    @Description("At most one recompute per user per this interval (home-shelves.worker.debounce).")
    @Default.String("2s")
    String getDebounce();

    void setDebounce(String value);

    @Description("Plays shorter than this are ignored (home-shelves.worker.min-play).")
    @Default.String("30s")
    String getMinPlay();

    void setMinPlay(String value);

    @Description("occurred_at may be this far in the future (home-shelves.worker.max-clock-skew).")
    @Default.String("5m")
    String getMaxClockSkew();

    void setMaxClockSkew(String value);
  }

  private StreamPipeline() {}

  public static Pipeline create(Options options) {
    options.setStreaming(true);
    var p = Pipeline.create(options);
    var steps = p.apply("ReadSignals", PubsubIO.readMessagesWithAttributesAndMessageId()
            .fromSubscription(options.getSubscription()))
        .apply("ParseAndValidate", ParDo.of(new StreamSteps.ParseAndValidate(options.getCatalog(),
                SignalLimits.defaults(), Durations.parse("max-clock-skew", options.getMaxClockSkew()),
                Durations.parse("min-play", options.getMinPlay()), options.getSubscription()))
            .withOutputTags(StreamSteps.VALID, TupleTagList.of(StreamSteps.KNOWN).and(StreamSteps.DEAD)));
    // A dead letter gets its message id when published.
    steps.get(StreamSteps.DEAD).setCoder(PubsubMessageWithAttributesCoder.of()).apply("WriteDeadLetters", PubsubIO.writeMessages().to(options.getDeadLetterTopic()));

    var valid = steps.get(StreamSteps.VALID).setCoder(ProtoCoder.of(UserSignal.class));
    valid.apply("Plays", Filter.by(s -> s.getKind() == SignalKind.PLAY))
        .apply("PlayCells", MapElements.into(ROW_TYPE).via(StreamSteps::storedRow)).setCoder(BackfillPipeline.ROW_CODER)
        .apply("StorePlays", BigtableRows.write(options, TableLayout.PLAYS));
    valid.apply("LikesAndFollows", Filter.by(s -> s.getKind() != SignalKind.PLAY))
        .apply("FollowCells", MapElements.into(ROW_TYPE).via(StreamSteps::storedRow)).setCoder(BackfillPipeline.ROW_CODER)
        .apply("StoreFollows", BigtableRows.write(options, TableLayout.FOLLOWS));

    var known = steps.get(StreamSteps.KNOWN).setCoder(ProtoCoder.of(UserSignal.class));
    known.apply("KeyByUser", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(UserSignal.class)))
            .via(s -> KV.of(s.getUserId(), s)))
        .apply("Debounce", ParDo.of(new StreamSteps.Debounce(Durations.parse("debounce", options.getDebounce()))))
        .apply("Recompute", ParDo.of(new RecomputeStored(options))).setCoder(BackfillPipeline.ROW_CODER)
        .apply("WriteShelves", BigtableRows.write(options, TableLayout.SHELVES));

    known.apply("TrendingPlays", Filter.by(s -> s.getKind() == SignalKind.PLAY))
        .apply("CountTrending", new CountTrending(Durations.parse("trending-bucket", options.getTrendingBucket()),
            Durations.parse("trending-window", options.getTrendingWindow()), "pipeline"))
        .apply("WriteTrending", BigtableRows.write(options, TableLayout.TRENDING));
    return p;
  }

  private static final TypeDescriptor<KV<ByteString, Iterable<Mutation>>> ROW_TYPE = new TypeDescriptor<>() {};

  /** A debounced user's recompute: stored data plus the buffered signals, with the backfill's step. */
  static final class RecomputeStored extends DoFn<KV<String, List<UserSignal>>, KV<ByteString, Iterable<Mutation>>> {
    private final StoredUsers.Target target;
    private final RecomputeShelves recompute;
    private transient StoredUsers store;

    RecomputeStored(Options options) {
      this.target = StoredUsers.Target.of(options);
      this.recompute = new RecomputeShelves(options);
    }

    @Setup
    public void setUp() {
      recompute.setUp();
      // Config and trending re-read every 10 s, as the worker's trending refresh does.
      store = new StoredUsers(target, Duration.ofSeconds(10));
    }

    @Teardown
    public void tearDown() {
      recompute.close();
      if (store != null) {
        store.close();
      }
    }

    @ProcessElement
    public void process(@Element KV<String, List<UserSignal>> user, OutputReceiver<KV<ByteString, Iterable<Mutation>>> out) {
      var signals = user.getValue();
      var plays = signals.stream().filter(s -> s.getKind() == SignalKind.PLAY).map(PlayRows::cell).toList();
      var follows = signals.stream().filter(s -> s.getKind() != SignalKind.PLAY).map(FollowRows::cell).toList();
      var now = Instant.now();
      var row = recompute.user(user.getKey(), StoredUsers.merged(store.plays(user.getKey()), plays),
          StoredUsers.merged(store.follows(user.getKey()), follows), store.config(now), store.trending(now), now);
      if (row != null) {
        out.output(row);
      }
    }
  }
}
