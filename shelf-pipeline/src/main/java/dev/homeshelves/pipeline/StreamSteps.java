package dev.homeshelves.pipeline;

import com.google.bigtable.v2.Mutation;
import com.google.protobuf.ByteString;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.DeadLetterAttributes;
import dev.homeshelves.service.signals.IgnoredSignals;
import dev.homeshelves.service.signals.KnownItems;
import dev.homeshelves.service.signals.SignalLimits;
import dev.homeshelves.service.signals.SignalParser;
import dev.homeshelves.service.signals.SignalParser.ParseResult;
import dev.homeshelves.service.signals.SignalValidator;
import dev.homeshelves.service.store.FollowRows;
import dev.homeshelves.service.store.PlayRows;
import dev.homeshelves.service.store.TrendingRows;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.extensions.protobuf.ProtoCoder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/** The streaming job's steps, each the worker's step of the same name over Beam elements. */
final class StreamSteps {

  private StreamSteps() {}

  /** Signals to store: every valid one that is not ignored (plays, likes, follows). */
  static final TupleTag<UserSignal> VALID = new TupleTag<>() {};
  /** Of those, the ones whose item the catalog knows: they reach shelves and trending. */
  static final TupleTag<UserSignal> KNOWN = new TupleTag<>() {};
  /** Messages that are not valid signals, as dead letters with the worker's reason attributes. */
  static final TupleTag<PubsubMessage> DEAD = new TupleTag<>() {};

  /**
   * parse → validate → catalog, with the worker's {@link SignalParser}, {@link SignalValidator}
   * (same limits, same reasons and details) and {@link KnownItems}; SKIPs and short plays are
   * dropped ({@link IgnoredSignals}) as the worker acks them without storing.
   */
  static final class ParseAndValidate extends DoFn<PubsubMessage, UserSignal> {
    private final String catalog;
    // SignalLimits' fields: the record is not Serializable.
    private final int maxMessageBytes;
    private final int maxContextBytes;
    private final Duration maxAge;
    private final Duration maxClockSkew;
    private final Duration minPlay;
    private final String subscription;
    private transient SignalParser parser;
    private transient SignalValidator validator;
    private transient KnownItems known;

    ParseAndValidate(String catalog, SignalLimits limits, Duration maxClockSkew, Duration minPlay, String subscription) {
      this.catalog = catalog;
      this.maxMessageBytes = limits.maxMessageBytes();
      this.maxContextBytes = limits.maxContextBytes();
      this.maxAge = limits.maxAge();
      this.maxClockSkew = maxClockSkew;
      this.minPlay = minPlay;
      this.subscription = subscription;
    }

    @Setup
    public void setUp() {
      parser = new SignalParser();
      validator = new SignalValidator(Clock.systemUTC(), maxClockSkew,
          new SignalLimits(maxMessageBytes, maxContextBytes, maxAge));
      known = new KnownItems(ModelFiles.load(catalog, "").catalog());
    }

    @ProcessElement
    public void process(@Element PubsubMessage message, MultiOutputReceiver out) {
      byte[] payload = message.getPayload();
      var tooLarge = validator.checkSize(payload.length);
      if (tooLarge.isPresent()) {
        dead(message, tooLarge.get().reason(), tooLarge.get().detail(), out);
        return;
      }
      var parsed = parser.parse(message.getAttribute(SignalParser.CONTENT_TYPE), ByteString.copyFrom(payload));
      if (parsed instanceof ParseResult.Rejected r) {
        dead(message, r.reason(), r.detail(), out);
        return;
      }
      var signal = ((ParseResult.Parsed) parsed).signal();
      var problem = validator.check(signal);
      if (problem.isPresent()) {
        dead(message, problem.get().reason(), problem.get().detail(), out);
        return;
      }
      if (IgnoredSignals.ignored(signal, minPlay)) {
        Metrics.counter("home-shelves", "signals-ignored").inc();
        return;
      }
      out.get(VALID).output(signal);
      if (known.classify(signal).knownItem()) {
        out.get(KNOWN).output(signal);
      } else {
        Metrics.counter("home-shelves", "signals-unknown-item").inc();
      }
    }

    private void dead(PubsubMessage message, SignalParser.Rejection reason, String detail, MultiOutputReceiver out) {
      Metrics.counter("home-shelves", "dead-letters-" + reason.attributeValue()).inc();
      var attributes = message.getAttributeMap() == null ? Map.<String, String>of() : message.getAttributeMap();
      var id = message.getMessageId() == null ? "" : message.getMessageId();
      out.get(DEAD).output(new PubsubMessage(message.getPayload(),
          DeadLetterAttributes.of(attributes, id, reason, detail, subscription)));
    }
  }

  /** The store step's row: a play to the user's history, a like or (un)follow to their follows. */
  static KV<ByteString, Iterable<Mutation>> storedRow(UserSignal s) {
    var cell = s.getKind() == SignalKind.PLAY ? PlayRows.cell(s) : FollowRows.cell(s);
    return KV.of(BigtableRows.key(PlayRows.rowKey(s.getUserId())), BigtableRows.mutations(List.of(cell)));
  }

  /**
   * The per-user debounce, as keyed state with a processing-time timer: the first signal of a
   * user starts a timer {@code interval} ahead; signals until it fires join the buffer; when it
   * fires the user and the buffered signals go to one recompute. Keyed state is processed one
   * key at a time on one worker, so however many workers run, a user is recomputed at most once
   * per interval.
   */
  static final class Debounce extends DoFn<KV<String, UserSignal>, KV<String, List<UserSignal>>> {
    private final org.joda.time.Duration interval;

    // The signals since the last recompute of this user (merged into what the recompute reads,
    // so it includes them even when their own writes are still in flight).
    @StateId("buffered")
    private final StateSpec<BagState<UserSignal>> buffered = StateSpecs.bag(ProtoCoder.of(UserSignal.class));

    // Whether a recompute of this user is scheduled.
    @StateId("scheduled")
    private final StateSpec<ValueState<Boolean>> scheduled = StateSpecs.value(BooleanCoder.of());

    @TimerId("due")
    private final TimerSpec due = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    Debounce(Duration interval) {
      this.interval = org.joda.time.Duration.millis(interval.toMillis());
    }

    @ProcessElement
    public void process(@Element KV<String, UserSignal> signal, @StateId("buffered") BagState<UserSignal> buffered,
        @StateId("scheduled") ValueState<Boolean> scheduled, @TimerId("due") Timer due) {
      buffered.add(signal.getValue());
      if (scheduled.read() == null) {
        due.offset(interval).setRelative();
        scheduled.write(true);
      }
    }

    @OnTimer("due")
    public void onDue(@Key String user, @StateId("buffered") BagState<UserSignal> buffered,
        @StateId("scheduled") ValueState<Boolean> scheduled, OutputReceiver<KV<String, List<UserSignal>>> out) {
      var signals = new ArrayList<UserSignal>();
      buffered.read().forEach(signals::add);
      buffered.clear();
      scheduled.clear();
      out.output(KV.of(user, signals));
    }
  }

  /**
   * One window's play counts as a trending unit (one row: writer {@code writer}, sequence = the
   * bucket's start), the layout the worker writes and every recompute sums; a later pane of the
   * same window (late plays) rewrites the same cells with the new totals.
   */
  static final class TrendingUnit extends DoFn<Map<String, Long>, KV<ByteString, Iterable<Mutation>>> {
    private final String writer;

    TrendingUnit(String writer) {
      this.writer = writer;
    }

    @ProcessElement
    public void process(@Element Map<String, Long> counts, IntervalWindow window,
        OutputReceiver<KV<ByteString, Iterable<Mutation>>> out) {
      if (counts.isEmpty()) {
        return;
      }
      var bucket = java.time.Instant.ofEpochMilli(window.start().getMillis());
      long seq = bucket.toEpochMilli();
      // One shard: the pipeline is one writer; readers scan every shard of a bucket.
      out.output(KV.of(BigtableRows.key(TrendingRows.unitRow(bucket, 0, writer, seq)),
          BigtableRows.mutations(TrendingRows.unitCells(bucket, writer, seq, counts))));
    }
  }
}
