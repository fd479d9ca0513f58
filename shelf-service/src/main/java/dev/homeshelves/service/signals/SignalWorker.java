package dev.homeshelves.service.signals;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.TrendingStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker role, wired in the order a signal flows: subscription → {@link SignalIngest}
 * (parse, validate, dead-letter, store) → {@link RecomputeScheduler} (debounce) →
 * {@link ShelfRecomputer}; beside it, on their own intervals, the {@link TrendingAggregator}
 * flush, the {@link TrendingCache} refresh and the default Home refresh.
 */
public final class SignalWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SignalWorker.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final DeadLetters deadLetters;
  private final RecomputeScheduler scheduler;
  private final TrendingAggregator trending;
  private final ScheduledExecutorService flusher;
  private final ScheduledExecutorService refresher;
  private final Subscriber subscriber;

  private SignalWorker(DeadLetters deadLetters, RecomputeScheduler scheduler,
      TrendingAggregator trending, ScheduledExecutorService flusher,
      ScheduledExecutorService refresher, Subscriber subscriber) {
    this.deadLetters = deadLetters;
    this.scheduler = scheduler;
    this.trending = trending;
    this.flusher = flusher;
    this.refresher = refresher;
    this.subscriber = subscriber;
  }

  /** Creates the topics and subscriptions when missing (if configured), then starts pulling. */
  public static SignalWorker start(PubSubClients pubsub, BigtableDataClient bigtable,
      WorkerSettings settings, ShelfRecomputer recomputer, TrendingCache trendingCache,
      WorkerMetrics metrics, Clock clock) {
    var s = pubsub.settings();
    if (s.createMissing()) {
      new PubSubTopology(pubsub).ensureExists();
    }
    // Reads that may be slow (storage trouble) run apart from the flush that acks depend on.
    var refresher = daemonTimer("worker-refresh");
    refresher.execute(trendingCache::refresh);
    every(refresher, settings.trendingRefresh(), trendingCache::refresh);
    every(refresher, settings.defaultHomeRefresh(), () -> refreshDefaultHome(recomputer));
    var flusher = daemonTimer("trending-flush");
    // Every track counts until the catalog check of issue 17 #5 supplies the predicate.
    var trending = new TrendingAggregator(new TrendingStore(bigtable, settings.trendingBucket()),
        settings.trendingShards(), item -> true, settings.trendingClaimGrace(), settings.maxInflightWrites(),
        metrics.registry(), clock);
    every(flusher, settings.trendingFlushInterval(), trending::flush);

    var deadLetters = new DeadLetters(pubsub.publisher(s.deadLetterTopic()), s.subscription());
    var scheduler = new RecomputeScheduler(settings.debounce(), settings.recomputeThreads(),
        settings.recomputeBatch(), settings.maxPendingUsers(), recomputer::recomputeAll, metrics, clock);
    var ingest = new SignalIngest(new SignalParser(new SignalValidator(clock, settings.maxClockSkew())),
        deadLetters, new PlayStore(bigtable, settings.playHistory()), new FollowStore(bigtable),
        trending, scheduler, metrics, settings.minPlay(), settings.maxInflightWrites());
    var subscriber = pubsub.subscriber(s.subscription(), ingest, SubscriberShutdownSettings.newBuilder()
        .setMode(SubscriberShutdownSettings.ShutdownMode.WAIT_FOR_PROCESSING)
        .setTimeout(SHUTDOWN_GRACE)
        .build());
    subscriber.startAsync().awaitRunning();
    LOG.info("worker subscribed to {} (topic {}, dead letters to {})",
        s.subscription(), s.topic(), s.deadLetterTopic());
    return new SignalWorker(deadLetters, scheduler, trending, flusher, refresher, subscriber);
  }

  private static ScheduledExecutorService daemonTimer(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      var t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  private static void every(ScheduledExecutorService timers, Duration interval, Runnable task) {
    long ms = interval.toMillis();
    timers.scheduleWithFixedDelay(task, ms, ms, TimeUnit.MILLISECONDS);
  }

  private static void refreshDefaultHome(ShelfRecomputer recomputer) {
    try {
      recomputer.refreshDefaultHome();
    } catch (RuntimeException e) {
      // The serving side keeps its last default Home; the next refresh tries again.
      LOG.warn("default Home refresh failed: {}", e.toString());
    }
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
    refresher.shutdownNow();
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    trending.close();
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
}
