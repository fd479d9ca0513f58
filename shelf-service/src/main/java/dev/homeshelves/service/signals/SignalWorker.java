package dev.homeshelves.service.signals;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import dev.homeshelves.service.signals.RecomputeScheduler.DirtyUser;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.TrendingStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker role, wired in the order a signal flows: subscription → {@link SignalIngest}
 * (parse, validate, dead-letter, store) → {@link RecomputeScheduler} (debounce) → recompute,
 * with the {@link TrendingAggregator} flushed on its own interval.
 */
public final class SignalWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SignalWorker.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final PubSubClients pubsub;
  private final DeadLetters deadLetters;
  private final RecomputeScheduler scheduler;
  private final TrendingAggregator trending;
  private final ScheduledExecutorService flusher;
  private final Subscriber subscriber;

  private SignalWorker(PubSubClients pubsub, DeadLetters deadLetters, RecomputeScheduler scheduler,
      TrendingAggregator trending, ScheduledExecutorService flusher, Subscriber subscriber) {
    this.pubsub = pubsub;
    this.deadLetters = deadLetters;
    this.scheduler = scheduler;
    this.trending = trending;
    this.flusher = flusher;
    this.subscriber = subscriber;
  }

  /**
   * Creates the topics and subscriptions when missing (if configured), then starts pulling.
   * {@code recompute} is called with each user to recompute, on the recompute pool.
   */
  public static SignalWorker start(PubSubClients pubsub, BigtableDataClient bigtable,
      WorkerSettings settings, Consumer<DirtyUser> recompute, WorkerMetrics metrics, Clock clock) {
    var s = pubsub.settings();
    if (s.createMissing()) {
      new PubSubTopology(pubsub).ensureExists();
    }
    var deadLetters = new DeadLetters(pubsub.publisher(s.deadLetterTopic()), s.subscription());
    var scheduler = new RecomputeScheduler(settings.debounce(), settings.recomputeThreads(),
        settings.maxPendingUsers(), recompute, metrics, clock);
    var trending = new TrendingAggregator(new TrendingStore(bigtable, settings.trendingBucket()), metrics);
    var ingest = new SignalIngest(new SignalParser(new SignalValidator(clock, settings.maxClockSkew())),
        deadLetters, new PlayStore(bigtable, settings.playHistory()), new FollowStore(bigtable),
        trending, scheduler, metrics, settings.minPlay(), settings.maxInflightWrites());
    var flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      var t = new Thread(r, "trending-flush");
      t.setDaemon(true);
      return t;
    });
    long every = settings.trendingFlushInterval().toMillis();
    flusher.scheduleWithFixedDelay(trending::flush, every, every, TimeUnit.MILLISECONDS);
    var subscriber = pubsub.subscriber(s.subscription(), ingest, SubscriberShutdownSettings.newBuilder()
        .setMode(SubscriberShutdownSettings.ShutdownMode.WAIT_FOR_PROCESSING)
        .setTimeout(SHUTDOWN_GRACE)
        .build());
    subscriber.startAsync().awaitRunning();
    LOG.info("worker subscribed to {} (topic {}, dead letters to {})",
        s.subscription(), s.topic(), s.deadLetterTopic());
    return new SignalWorker(pubsub, deadLetters, scheduler, trending, flusher, subscriber);
  }

  /**
   * Stops pulling, lets messages in hand finish (their trending counts are flushed so they
   * can be acked), runs the recomputes already due, then stops.
   */
  @Override
  public void close() {
    subscriber.stopAsync();
    try {
      subscriber.awaitTerminated(SHUTDOWN_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.warn("subscriber did not stop within {}; unacked messages will be redelivered", SHUTDOWN_GRACE);
    } catch (IllegalStateException failed) {
      // The subscriber had already failed (e.g. its connection broke): nothing left to drain.
      LOG.warn("subscriber had failed: {}", String.valueOf(failed.getCause()));
    }
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    trending.flush();
    scheduler.close();
    try {
      deadLetters.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Users waiting for a recompute. */
  public int pendingUsers() {
    return scheduler.pendingUsers();
  }

  PubSubClients pubsub() {
    return pubsub;
  }
}
