package dev.homeshelves.pipeline;

import com.google.bigtable.v2.Mutation;
import com.google.protobuf.ByteString;
import dev.homeshelves.api.v1.UserSignal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Deduplicate;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Trending plays: each play counted once (by user and event id, as the worker's claims do) in
 * the event-time bucket it falls in ({@code trending-bucket}); each bucket written as a unit in
 * the {@code trending} table's layout. Recomputes sum the buckets of the last {@code
 * trending-window}, so the counts they see are a sliding window of that size advancing by one
 * bucket. Plays up to a window late still count: the bucket's unit is rewritten with the
 * accumulated total.
 */
final class CountTrending extends PTransform<PCollection<UserSignal>, PCollection<KV<ByteString, Iterable<Mutation>>>> {

  private final Duration bucket;
  private final Duration window;
  private final String writer;

  CountTrending(Duration bucket, Duration window, String writer) {
    this.bucket = bucket;
    this.window = window;
    this.writer = writer;
  }

  @Override
  public PCollection<KV<ByteString, Iterable<Mutation>>> expand(PCollection<UserSignal> plays) {
    return plays
        .apply("CountOncePerEvent", Deduplicate.<UserSignal, String>withRepresentativeValueFn(
                s -> s.getUserId() + "#" + s.getEventId())
            .withRepresentativeCoder(StringUtf8Coder.of())
            .withDuration(org.joda.time.Duration.millis(window.toMillis())))
        // Event time is when Pub/Sub got the play (its publish time); the window states the
        // bucket, and late plays (up to one trending window) fire the bucket again.
        .apply("TrendingBuckets", Window.<UserSignal>into(FixedWindows.of(org.joda.time.Duration.millis(bucket.toMillis())))
            .triggering(AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1)))
            .withAllowedLateness(org.joda.time.Duration.millis(window.toMillis()))
            .accumulatingFiredPanes())
        .apply("PlaysPerTrack", Combine.globally(new PerTrack()).withoutDefaults())
        .apply("TrendingUnit", ParDo.of(new StreamSteps.TrendingUnit(writer)))
        .setCoder(BackfillPipeline.ROW_CODER);
  }

  /** Plays per track id. */
  static final class PerTrack extends Combine.CombineFn<UserSignal, HashMap<String, Long>, Map<String, Long>> {
    @Override
    public HashMap<String, Long> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public HashMap<String, Long> addInput(HashMap<String, Long> counts, UserSignal play) {
      counts.merge(play.getItemId(), 1L, Long::sum);
      return counts;
    }

    @Override
    public HashMap<String, Long> mergeAccumulators(Iterable<HashMap<String, Long>> all) {
      var merged = new HashMap<String, Long>();
      all.forEach(c -> c.forEach((k, v) -> merged.merge(k, v, Long::sum)));
      return merged;
    }

    @Override
    public Map<String, Long> extractOutput(HashMap<String, Long> counts) {
      return counts;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Coder<HashMap<String, Long>> getAccumulatorCoder(CoderRegistry registry, Coder<UserSignal> input) {
      return (Coder) MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    }

    @Override
    public Coder<Map<String, Long>> getDefaultOutputCoder(CoderRegistry registry, Coder<UserSignal> input) {
      return MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    }
  }
}
