package dev.homeshelves.service.signals;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import dev.homeshelves.service.HomeShelvesApp;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Starts the worker once the application has started (after the tables exist) and stops it
 * gracefully at shutdown.
 */
@Singleton
@Requires(property = HomeShelvesApp.WORKER_ENABLED, value = "true")
final class WorkerLifecycle implements ApplicationEventListener<StartupEvent> {

  private final PubSubClients pubsub;
  private final BigtableDataClient bigtable;
  private final WorkerSettings settings;
  private final SignalLimits limits;
  private final ShelfRecomputer recomputer;
  private final TrendingCache trending;
  private final WorkerMetrics metrics;
  private final Clock clock;
  private SignalWorker worker;

  WorkerLifecycle(PubSubClients pubsub, BigtableDataClient bigtable, WorkerSettings settings,
      SignalLimits limits, ShelfRecomputer recomputer, TrendingCache trending, WorkerMetrics metrics, Clock clock) {
    this.pubsub = pubsub;
    this.bigtable = bigtable;
    this.settings = settings;
    this.limits = limits;
    this.recomputer = recomputer;
    this.trending = trending;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public synchronized void onApplicationEvent(StartupEvent event) {
    if (worker == null) {
      worker = SignalWorker.start(pubsub, bigtable, settings, limits, recomputer, trending, metrics, clock);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (worker != null) {
      worker.close();
      worker = null;
    }
  }
}
