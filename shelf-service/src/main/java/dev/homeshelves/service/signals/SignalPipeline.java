package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.core.SettableApiFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.signals.SignalParser.ParseResult;
import dev.homeshelves.service.signals.SignalParser.Rejection;
import dev.homeshelves.service.signals.WorkerMetrics.Outcome;
import dev.homeshelves.service.signals.WorkerMetrics.Step;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The path of one signal, step by step, and the answer to "when may its message be acked?".
 *
 * <pre>
 *   parse → validate → catalog → store → dedup → mark owed → (trending) → ACK
 *                                                     └──→ recompute (RecomputeCoordinator:
 *                                                          lease → load context → plan →
 *                                                          run functions → write → clear owed)
 * </pre>
 *
 * <p>The verdict is {@link Verdict.Ack} only once everything the signal obliges the system to do
 * is durable in Bigtable: its rows ({@link StoreSignal}), and, for a signal that can change
 * shelves, the owed mark of its user ({@link MarkOwed}), plus for every delivery of a play its
 * trending count ({@link TrendingAggregator} counts each play once, however often delivered). The recompute itself happens after the ack: it is owed durably, so a
 * crash, a failed recompute or a shutdown cannot lose it (any replica's sweep finds the mark,
 * and the mark goes only when a Home that includes the signal is written). A failure of any
 * write gives {@link Verdict.Nack}: Pub/Sub redelivers, and every step is safe to repeat. A
 * message that is not a valid signal gives {@link Verdict.DeadLetter} (acked once the dead
 * letter is published). Ignored signals (SKIP, a PLAY shorter than {@code min-play}) are acked
 * at once; a signal for an item the catalog does not know is stored, counted as {@code
 * unknown-item} and acked without marking its user (it cannot change a shelf yet).
 *
 * <p>The steps know nothing of Pub/Sub or Micronaut (a batch pipeline reuses them); this class
 * times each and counts the outcome; the subscriber turns the verdict into ack or nack.
 */
public final class SignalPipeline {

  private final SignalParser parser;
  private final SignalValidator validator;
  private final KnownItems catalog;
  private final StoreSignal store;
  private final Dedup dedup;
  private final MarkOwed markOwed;
  private final TrendingAggregator trending;
  private final RecomputeCoordinator recomputes;
  private final WorkerMetrics metrics;
  private final Duration minPlay;
  // Bounds the storage writes in flight: past it the subscriber's threads wait here, so the
  // flow-controlled pull slows down instead of piling requests onto storage until they time out.
  private final Semaphore writes;

  public SignalPipeline(SignalParser parser, SignalValidator validator, KnownItems catalog,
      StoreSignal store, Dedup dedup, MarkOwed markOwed, TrendingAggregator trending,
      RecomputeCoordinator recomputes, WorkerMetrics metrics, Duration minPlay, int maxInflightWrites) {
    this.parser = parser;
    this.validator = validator;
    this.catalog = catalog;
    this.store = store;
    this.dedup = dedup;
    this.markOwed = markOwed;
    this.trending = trending;
    this.recomputes = recomputes;
    this.metrics = metrics;
    this.minPlay = minPlay;
    this.writes = new Semaphore(maxInflightWrites);
  }

  /** What to do with the message once its future completes. */
  public sealed interface Verdict {
    /** Everything the signal obliges is durable. */
    record Ack() implements Verdict {}

    /** A write failed; redeliver. */
    record Nack(Throwable cause) implements Verdict {}

    /** Not a valid signal: publish it to the dead-letter topic with this reason, then ack. */
    record DeadLetter(Rejection reason, String detail) implements Verdict {}
  }

  private static final Verdict ACK = new Verdict.Ack();

  /**
   * Runs the steps for one message. Once it is parsed, sets the signal's {@code event_id} and
   * {@code user_id} in the calling thread's MDC: call it inside a {@link LogContext#isolate} scope.
   *
   * @param contentType the message's {@code content-type} attribute, null when absent
   * @param traceparent the W3C trace context of the message's span, kept with the owed mark so
   *     the recompute that includes the signal links to it; null when tracing is off
   */
  public ApiFuture<Verdict> handle(String contentType, ByteString data, String traceparent) {
    long started = System.nanoTime();
    // Bounded before decoding: an oversized message costs nothing more than its length.
    var tooLarge = validator.checkSize(data.size());
    if (tooLarge.isPresent()) {
      metrics.step(Step.VALIDATE, started);
      return ApiFutures.immediateFuture(new Verdict.DeadLetter(tooLarge.get().reason(), tooLarge.get().detail()));
    }
    var parsed = parser.parse(contentType, data);
    metrics.step(Step.PARSE, started);
    if (parsed instanceof ParseResult.Rejected r) {
      return ApiFutures.immediateFuture(new Verdict.DeadLetter(r.reason(), r.detail()));
    }
    var signal = ((ParseResult.Parsed) parsed).signal();
    // Known from here on: the lines logged about this message (its dead letter, its nack) carry
    // them. The caller's scope (SignalSubscriber) removes them; set before validating, so that an
    // invalid signal's dead letter names what it claimed (values are escaped in the JSON log).
    setIfPresent(LogContext.EVENT_ID, signal.getEventId());
    setIfPresent(LogContext.USER_ID, signal.getUserId());
    long validating = System.nanoTime();
    var problem = validator.check(signal);
    metrics.step(Step.VALIDATE, validating);
    if (problem.isPresent()) {
      return ApiFutures.immediateFuture(new Verdict.DeadLetter(problem.get().reason(), problem.get().detail()));
    }
    if (IgnoredSignals.ignored(signal, minPlay)) {
      metrics.signal(signal.getKind(), Outcome.IGNORED);
      return ApiFutures.immediateFuture(ACK);
    }
    var valid = catalog.classify(signal);
    var verdict = SettableApiFuture.<Verdict>create();
    writes.acquireUninterruptibly();
    try {
      var stored = timed(Step.STORE, () -> store.store(signal));
      var first = then(stored, Step.DEDUP, done -> dedup.firstDelivery(signal));
      var owed = then(first, Step.MARK_OWED, isFirst -> valid.knownItem()
          ? ApiFutures.transform(markOwed.mark(valid, traceparent), done -> isFirst, MoreExecutors.directExecutor())
          : ApiFutures.immediateFuture(isFirst));
      // The slot bounds storage writes, so it is free once they are done (not after the
      // trending flush, which would hold it for up to a flush interval).
      owed.addListener(writes::release, MoreExecutors.directExecutor());
      ApiFutures.addCallback(owed, new com.google.api.core.ApiFutureCallback<>() {
        @Override
        public void onSuccess(Boolean isFirst) {
          finish(valid, isFirst, verdict);
        }

        @Override
        public void onFailure(Throwable t) {
          metrics.signal(signal.getKind(), Outcome.FAILED);
          verdict.set(new Verdict.Nack(t));
        }
      }, MoreExecutors.directExecutor());
    } catch (RuntimeException e) {
      writes.release();
      verdict.set(new Verdict.Nack(e));
    }
    return verdict;
  }

  private void finish(ValidSignal valid, boolean isFirst, SettableApiFuture<Verdict> verdict) {
    var s = valid.signal();
    if (!valid.knownItem()) {
      metrics.signal(s.getKind(), Outcome.UNKNOWN_ITEM);
      verdict.set(ACK);
      return;
    }
    // Owed durably: this replica tries the recompute now; any replica's sweep would find it.
    recomputes.owed(valid.userId());
    metrics.signal(s.getKind(), isFirst ? Outcome.STORED : Outcome.DUPLICATE);
    if (s.getKind() == SignalKind.PLAY) {
      // Every delivery, repeats too: the first one's count may have failed, and the aggregator
      // counts each play once. The ack waits until the count is durable; nack if it cannot be.
      long counting = System.nanoTime();
      trending.count(s).whenComplete((counted, failure) -> {
        metrics.step(Step.TRENDING, counting);
        verdict.set(failure == null ? ACK : new Verdict.Nack(failure));
      });
    } else {
      verdict.set(ACK);
    }
  }

  private static void setIfPresent(String key, String value) {
    if (!value.isEmpty()) {
      LogContext.set(key, value);
    }
  }

  private <T> ApiFuture<T> timed(Step step, Supplier<ApiFuture<T>> run) {
    long started = System.nanoTime();
    var future = run.get();
    future.addListener(() -> metrics.step(step, started), MoreExecutors.directExecutor());
    return future;
  }

  private <A, B> ApiFuture<B> then(ApiFuture<A> previous, Step step,
      java.util.function.Function<A, ApiFuture<B>> next) {
    return ApiFutures.transformAsync(previous, a -> timed(step, () -> next.apply(a)),
        MoreExecutors.directExecutor());
  }
}
