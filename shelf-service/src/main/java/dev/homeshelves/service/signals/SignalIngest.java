package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.SignalParser.ParseResult;
import dev.homeshelves.service.signals.WorkerMetrics.Outcome;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles each message of the subscription: parse and validate (invalid ones to the dead-letter
 * topic, then acked), store what the signal changes, mark the user dirty, count the play for
 * trending, and ack only once all of that is durable. A failed write nacks, so Pub/Sub
 * redelivers it, and after {@code max-delivery-attempts} moves it to the dead-letter topic.
 */
public final class SignalIngest implements MessageReceiver {

  private static final Logger LOG = LoggerFactory.getLogger(SignalIngest.class);

  private final SignalParser parser;
  private final DeadLetters deadLetters;
  private final PlayStore plays;
  private final FollowStore follows;
  private final TrendingAggregator trending;
  private final RecomputeScheduler scheduler;
  private final WorkerMetrics metrics;
  private final long minPlayMs;
  // Bounds the Bigtable writes in flight: past it the subscriber's threads wait here, so the
  // flow-controlled pull slows down instead of piling requests onto storage until they time out.
  private final Semaphore writes;

  public SignalIngest(SignalParser parser, DeadLetters deadLetters, PlayStore plays,
      FollowStore follows, TrendingAggregator trending, RecomputeScheduler scheduler,
      WorkerMetrics metrics, Duration minPlay, int maxInflightWrites) {
    this.parser = parser;
    this.deadLetters = deadLetters;
    this.plays = plays;
    this.follows = follows;
    this.trending = trending;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.minPlayMs = minPlay.toMillis();
    this.writes = new Semaphore(maxInflightWrites);
  }

  @Override
  public void receiveMessage(PubsubMessage message, AckReplyConsumer reply) {
    metrics.received();
    try {
      var result = parser.parse(message);
      if (result instanceof ParseResult.Rejected r) {
        deadLetter(message, r, reply);
      } else if (result instanceof ParseResult.Parsed p) {
        apply(p.signal(), reply);
      }
    } catch (RuntimeException e) {
      // Never crash the subscriber: an unexpected failure is retried, then dead-lettered by
      // the subscription's dead-letter policy.
      LOG.error("unexpected failure handling message {}", message.getMessageId(), e);
      reply.nack();
    }
  }

  private void deadLetter(PubsubMessage message, ParseResult.Rejected r, AckReplyConsumer reply) {
    LOG.info("dead-lettering message {}: {} ({})", message.getMessageId(), r.reason(), r.detail());
    onDone(deadLetters.publish(message, r.reason(), r.detail()), ok -> {
      metrics.deadLettered(r.reason());
      reply.ack();
    }, failure -> reply.nack());
  }

  private void apply(UserSignal s, AckReplyConsumer reply) {
    switch (s.getKind()) {
      case PLAY -> {
        if (s.getMsPlayed() < minPlayMs) {
          ignore(s, reply);
        } else {
          storePlay(s, reply);
        }
      }
      case SKIP -> ignore(s, reply);
      case LIKE, FOLLOW_ARTIST, UNFOLLOW_ARTIST -> onWrite(() -> follows.apply(s), ok -> {
        metrics.signal(s.getKind(), Outcome.STORED);
        scheduler.markDirty(s.getUserId(), occurredAt(s), reply::ack);
      }, failure -> failed(s, reply, failure));
      default -> throw new IllegalStateException("validated signal has kind " + s.getKind());
    }
  }

  private void storePlay(UserSignal s, AckReplyConsumer reply) {
    onWrite(() -> plays.storeIfNew(s), stored -> {
      if (!stored) {
        // Already stored: nothing to recompute, but its trending count may still be owed (the
        // first delivery's count may have failed); the aggregator counts each play once.
        metrics.signal(SignalKind.PLAY, Outcome.DUPLICATE);
        countThenAck(s, reply);
        return;
      }
      metrics.signal(SignalKind.PLAY, Outcome.STORED);
      scheduler.markDirty(s.getUserId(), occurredAt(s), () -> countThenAck(s, reply));
    }, failure -> failed(s, reply, failure));
  }

  /** Acks once the play's trending count is durable; nacks (redelivery) when it cannot be. */
  private void countThenAck(UserSignal s, AckReplyConsumer reply) {
    trending.count(s).whenComplete((counted, failure) -> {
      if (failure == null) {
        reply.ack();
      } else {
        LOG.debug("trending count of {} not durable, nacking: {}", s.getEventId(), failure.toString());
        reply.nack();
      }
    });
  }

  private void ignore(UserSignal s, AckReplyConsumer reply) {
    metrics.signal(s.getKind(), Outcome.IGNORED);
    reply.ack();
  }

  private void failed(UserSignal s, AckReplyConsumer reply, Throwable failure) {
    LOG.warn("storing {} {} of user {} failed, nacking for redelivery: {}",
        s.getKind(), s.getEventId(), s.getUserId(), failure.toString());
    metrics.signal(s.getKind(), Outcome.FAILED);
    reply.nack();
  }

  static Instant occurredAt(UserSignal s) {
    return Instant.ofEpochSecond(s.getOccurredAt().getSeconds(), s.getOccurredAt().getNanos());
  }

  /** Starts a storage write once a write slot is free, and frees the slot when it completes. */
  private <T> void onWrite(Supplier<ApiFuture<T>> write, Consumer<T> ok, Consumer<Throwable> failed) {
    writes.acquireUninterruptibly();
    ApiFuture<T> future;
    try {
      future = write.get();
    } catch (RuntimeException e) {
      writes.release();
      throw e;
    }
    future.addListener(writes::release, MoreExecutors.directExecutor());
    onDone(future, ok, failed);
  }

  private static <T> void onDone(ApiFuture<T> future, Consumer<T> ok, Consumer<Throwable> failed) {
    ApiFutures.addCallback(future, new ApiFutureCallback<>() {
      @Override
      public void onSuccess(T result) {
        ok.accept(result);
      }

      @Override
      public void onFailure(Throwable t) {
        failed.accept(t);
      }
    }, MoreExecutors.directExecutor());
  }
}
