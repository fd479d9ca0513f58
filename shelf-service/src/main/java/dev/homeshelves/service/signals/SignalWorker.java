package dev.homeshelves.service.signals;

import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker role's moving parts, started and stopped in order: the subscription feeding the
 * {@link SignalSubscriber} (and through it the {@link SignalPipeline}), the {@link
 * RecomputeCoordinator} with its sweep, and beside them, on their own intervals, the {@link
 * TrendingAggregator} flush, the {@link TrendingCache} refresh and the default Home refresh.
 */
public final class SignalWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SignalWorker.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final PubSubClients pubsub;
  private final SignalSubscriber receiver;
  private final DeadLetters deadLetters;
  private final RecomputeCoordinator recomputes;
  private final TrendingAggregator trending;
  private final TrendingCache trendingCache;
  private final ShelfRecomputer recomputer;
  private final WorkerSettings settings;
  private ScheduledExecutorService flusher;
  private ScheduledExecutorService refresher;
  private Subscriber subscriber;

  public SignalWorker(PubSubClients pubsub, SignalSubscriber receiver, DeadLetters deadLetters,
      RecomputeCoordinator recomputes, TrendingAggregator trending, TrendingCache trendingCache,
      ShelfRecomputer recomputer, WorkerSettings settings) {
    this.pubsub = pubsub;
    this.receiver = receiver;
    this.deadLetters = deadLetters;
    this.recomputes = recomputes;
    this.trending = trending;
    this.trendingCache = trendingCache;
    this.recomputer = recomputer;
    this.settings = settings;
  }

  /** Creates the topics and subscriptions when missing (if configured), then starts pulling. */
  public synchronized void start() {
    var s = pubsub.settings();
    if (s.createMissing()) {
      new PubSubTopology(pubsub).ensureExists();
    }
    // Reads that may be slow (storage trouble) run apart from the flush that acks depend on.
    refresher = daemonTimer("worker-refresh");
    refresher.execute(trendingCache::refresh);
    every(refresher, settings.trendingRefresh(), trendingCache::refresh);
    every(refresher, settings.defaultHomeRefresh(), this::refreshDefaultHome);
    flusher = daemonTimer("trending-flush");
    every(flusher, settings.trendingFlushInterval(), trending::flush);
    recomputes.start();
    subscriber = pubsub.subscriber(s.subscription(), receiver, SubscriberShutdownSettings.newBuilder()
        .setMode(SubscriberShutdownSettings.ShutdownMode.WAIT_FOR_PROCESSING)
        .setTimeout(SHUTDOWN_GRACE)
        .build());
    subscriber.startAsync().awaitRunning();
    LOG.info("worker subscribed to {} (topic {}, dead letters to {})",
        s.subscription(), s.topic(), s.deadLetterTopic());
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

  private void refreshDefaultHome() {
    try {
      recomputer.refreshDefaultHome();
    } catch (RuntimeException e) {
      // The serving side keeps its last default Home; the next refresh tries again.
      LOG.warn("default Home refresh failed: {}", e.toString());
    }
  }

  /**
   * Stops pulling and lets messages in hand finish (their trending counts are flushed so they
   * can be acked), then lets running recomputes finish. Owed users not recomputed yet stay
   * owed in Bigtable: another replica's sweep, or this one's after a restart, takes them.
   */
  @Override
  public synchronized void close() {
    if (subscriber == null) {
      return;
    }
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
    recomputes.close();
    try {
      deadLetters.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    subscriber = null;
  }

  /** Users this replica has scheduled for a recompute. */
  public int pendingUsers() {
    return recomputes.pendingUsers();
  }
}
