package dev.homeshelves.service.signals;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.experiments.ShelfPlanner;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.RecomputeStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.TrendingStore;
import dev.homeshelves.service.tracing.RecomputeSpans;
import dev.homeshelves.service.tracing.SignalSpans;
import dev.homeshelves.service.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;

/**
 * The worker role's one wiring: every step of the signal path and of the recompute, created
 * only when {@code home-shelves.worker.enabled} is true. The worker, seed, backfill and the
 * tests all get these beans (seed and backfill without pulling, see {@link WorkerLifecycle}).
 * The step classes themselves carry no Micronaut annotation.
 */
@Factory
@Requires(property = HomeShelvesApp.WORKER_ENABLED, value = "true")
final class WorkerFactory {

  /** Whether the worker pulls its subscription (false for seed and backfill). */
  static final String SUBSCRIBE = "home-shelves.worker.subscribe";
  /** Name of the bean holding this replica's lease owner id. */
  static final String OWNER = "recompute-owner";

  @Singleton
  @Bean(preDestroy = "close")
  PubSubClients pubSubClients(PubSubSettings settings) {
    return new PubSubClients(settings);
  }

  @Singleton
  WorkerMetrics workerMetrics(MeterRegistry registry) {
    return new WorkerMetrics(registry);
  }

  // A model or plan registered by whoever starts the context (a test, an embedding job) wins.
  @Singleton
  @Requires(missingBeans = WorkerModel.class)
  WorkerModel workerModel(ModelSettings model) {
    return model.load();
  }

  @Singleton
  @Requires(missingBeans = RunPlan.class)
  RunPlan runPlan(ShelfPlanner planner, LiveExperiments experiments) {
    return RunPlan.fromExperiments(planner, experiments::current);
  }

  @Singleton
  @Bean(preDestroy = "close")
  FunctionRunner functionRunner(WorkerSettings settings, WorkerMetrics metrics) {
    return new FunctionRunner(settings.recomputeThreads(), settings.functionBudget(), metrics);
  }

  // ---- stores ----

  @Singleton
  PlayStore playStore(BigtableDataClient bigtable, WorkerSettings settings) {
    return new PlayStore(bigtable, settings.playHistory());
  }

  @Singleton
  FollowStore followStore(BigtableDataClient bigtable) {
    return new FollowStore(bigtable);
  }

  @Singleton
  RecomputeStore recomputeStore(BigtableDataClient bigtable) {
    return new RecomputeStore(bigtable);
  }

  @Singleton
  TrendingStore trendingStore(BigtableDataClient bigtable, WorkerSettings settings) {
    return new TrendingStore(bigtable, settings.trendingBucket());
  }

  @Singleton
  TrendingCache trendingCache(TrendingStore store, WorkerSettings settings, Clock clock) {
    return new TrendingCache(store, settings.trendingWindow(), clock);
  }

  @Singleton
  TrendingAggregator trendingAggregator(TrendingStore store, WorkerSettings settings, WorkerMetrics metrics,
      Clock clock) {
    // Every track: SignalPipeline counts only plays whose item the catalog knows (ValidSignal).
    return new TrendingAggregator(store, settings.trendingShards(), item -> true, settings.trendingClaimGrace(),
        settings.maxInflightWrites(), metrics.registry(), clock);
  }

  // ---- the recompute: load context → plan → run functions → write ----

  @Singleton
  ShelfRecomputer shelfRecomputer(PlayStore plays, FollowStore follows, TrendingCache trending,
      WorkerModel model, RunPlan plan, FunctionRunner runner, ShelfStore shelves, WorkerMetrics metrics,
      Clock clock) {
    return new ShelfRecomputer(new LoadContext(plays, follows, trending, model), plan, new RunFunctions(runner),
        new WriteShelves(shelves), metrics, clock);
  }

  @Singleton
  @Named(OWNER)
  String recomputeOwner() {
    // Unique per process: two replicas on one host, or a restarted one, never share leases.
    var host = System.getenv().getOrDefault("HOSTNAME", "worker");
    return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Singleton
  RecomputeCoordinator recomputeCoordinator(RecomputeStore store, ShelfRecomputer recomputer,
      WorkerSettings settings, WorkerMetrics metrics, Clock clock, @Named(OWNER) String owner, RecomputeSpans spans) {
    return new RecomputeCoordinator(store, recomputer, settings, metrics, clock, owner, spans);
  }

  /** Shared by the subscriber (which remembers each signal's span) and the recomputes (which link to them). */
  @Singleton
  RecomputeSpans recomputeSpans(Tracing tracing) {
    return new RecomputeSpans(tracing);
  }

  // ---- the signal path: parse → validate → catalog → store → dedup → mark owed ----

  @Singleton
  SignalLimits signalLimits(SignalLimitsSettings settings) {
    return settings.limits();
  }

  @Singleton
  SignalPipeline signalPipeline(WorkerSettings settings, SignalLimits limits, Clock clock, WorkerModel model, PlayStore plays,
      FollowStore follows, RecomputeStore recomputeStore, TrendingAggregator trending,
      RecomputeCoordinator recomputes, WorkerMetrics metrics) {
    return new SignalPipeline(new SignalParser(), new SignalValidator(clock, settings.maxClockSkew(), limits),
        new KnownItems(model.catalog()), new StoreSignal(plays, follows), new Dedup(plays),
        new MarkOwed(recomputeStore), trending, recomputes, metrics, settings.minPlay(),
        settings.maxInflightWrites());
  }

  @Singleton
  DeadLetters deadLetters(PubSubClients pubsub) {
    var s = pubsub.settings();
    return new DeadLetters(pubsub.publisher(s.deadLetterTopic()), s.subscription());
  }

  @Singleton
  SignalWorker signalWorker(PubSubClients pubsub, SignalPipeline pipeline, DeadLetters deadLetters,
      RecomputeCoordinator recomputes, TrendingAggregator trending, TrendingCache trendingCache,
      ShelfRecomputer recomputer, WorkerSettings settings, WorkerMetrics metrics, Tracing tracing) {
    var spans = new SignalSpans(tracing, pubsub.settings().topic(), pubsub.settings().subscription());
    var subscriber = new SignalSubscriber(pipeline, deadLetters, metrics, spans);
    return new SignalWorker(pubsub, subscriber, deadLetters,
        recomputes, trending, trendingCache, recomputer, settings);
  }
}
