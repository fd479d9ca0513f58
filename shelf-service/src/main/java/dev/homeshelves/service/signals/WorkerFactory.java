package dev.homeshelves.service.signals;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.store.TrendingStore;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.experiments.ShelfPlanner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The worker role's beans, created only when {@code home-shelves.worker.enabled} is true. */
@Factory
@Requires(property = HomeShelvesApp.WORKER_ENABLED, value = "true")
final class WorkerFactory {

  @Singleton
  @Bean(preDestroy = "close")
  PubSubClients pubSubClients(PubSubSettings settings) {
    return new PubSubClients(settings);
  }

  @Singleton
  WorkerMetrics workerMetrics(MeterRegistry registry) {
    return new WorkerMetrics(registry);
  }

  @Singleton
  @Bean(preDestroy = "close")
  FunctionRunner functionRunner(WorkerSettings settings, WorkerMetrics metrics) {
    // Functions of all concurrent recomputes run side by side.
    return new FunctionRunner(settings.recomputeThreads() * 4, settings.functionBudget(), metrics);
  }

  @Singleton
  TrendingCache trendingCache(BigtableDataClient bigtable, WorkerSettings settings, Clock clock) {
    return new TrendingCache(new TrendingStore(bigtable, settings.trendingBucket()), settings.trendingWindow(), clock);
  }

  @Singleton
  ShelfRecomputer shelfRecomputer(BigtableDataClient bigtable, WorkerSettings settings,
      TrendingCache trending, ModelSettings model, ShelfPlanner planner, LiveExperiments experiments,
      FunctionRunner runner, WorkerMetrics metrics, Clock clock) {
    return ShelfRecomputer.overBigtable(bigtable, settings, trending, model.load(),
        RunPlan.fromExperiments(planner, experiments), runner, metrics, clock);
  }
}
