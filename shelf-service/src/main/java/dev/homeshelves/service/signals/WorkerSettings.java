package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.TrendingStore;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/** How the worker ingests signals, recomputes shelves and counts trending plays. */
@ConfigurationProperties("home-shelves.worker")
public record WorkerSettings(
    @Bindable(defaultValue = "30s") Duration minPlay,
    @Bindable(defaultValue = "5m") Duration maxClockSkew,
    @Bindable(defaultValue = "500") int playHistory,
    @Bindable(defaultValue = "200") int maxInflightWrites,
    @Bindable(defaultValue = "2s") Duration debounce,
    @Bindable(defaultValue = "2") int recomputeThreads,
    @Bindable(defaultValue = "50") int recomputeBatch,
    @Bindable(defaultValue = "100000") int maxPendingUsers,
    @Bindable(defaultValue = "250ms") Duration functionBudget,
    @Bindable(defaultValue = "1m") Duration trendingBucket,
    @Bindable(defaultValue = "1h") Duration trendingWindow,
    @Bindable(defaultValue = "1s") Duration trendingFlushInterval,
    @Bindable(defaultValue = "10s") Duration trendingRefresh,
    @Bindable(defaultValue = "30s") Duration defaultHomeRefresh,
    @Bindable(defaultValue = "16") int trendingShards,
    @Bindable(defaultValue = "30s") Duration trendingClaimGrace) {

  public WorkerSettings {
    PubSubSettings.require(!minPlay.isNegative(), "worker.min-play", "must not be negative");
    PubSubSettings.require(playHistory >= 1, "worker.play-history", "must be at least 1");
    PubSubSettings.require(maxInflightWrites >= 1, "worker.max-inflight-writes", "must be at least 1");
    PubSubSettings.require(!debounce.isNegative(), "worker.debounce", "must not be negative");
    PubSubSettings.require(recomputeThreads >= 1, "worker.recompute-threads", "must be at least 1");
    PubSubSettings.require(recomputeBatch >= 1, "worker.recompute-batch", "must be at least 1");
    PubSubSettings.require(maxPendingUsers >= 1, "worker.max-pending-users", "must be at least 1");
    PubSubSettings.require(functionBudget.toMillis() >= 1, "worker.function-budget", "must be at least 1ms");
    PubSubSettings.require(trendingWindow.compareTo(trendingBucket) >= 0, "worker.trending-window",
        "must be at least one trending-bucket");
    PubSubSettings.require(trendingFlushInterval.toMillis() >= 10, "worker.trending-flush-interval",
        "must be at least 10ms");
    PubSubSettings.require(trendingShards >= 1 && trendingShards <= TrendingStore.MAX_SHARDS,
        "worker.trending-shards", "must be 1.." + TrendingStore.MAX_SHARDS);
    PubSubSettings.require(trendingClaimGrace.compareTo(trendingFlushInterval.multipliedBy(2)) >= 0,
        "worker.trending-claim-grace", "must be at least twice trending-flush-interval");
  }

  /** The documented defaults (the same as application.yml's). */
  public static WorkerSettings defaults() {
    return new WorkerSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), 500, 200,
        Duration.ofSeconds(2), 2, 50, 100_000, Duration.ofMillis(250), Duration.ofMinutes(1),
        Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30),
        16, Duration.ofSeconds(30));
  }

  public WorkerSettings withDebounce(Duration d) {
    return new WorkerSettings(minPlay, maxClockSkew, playHistory, maxInflightWrites, d, recomputeThreads,
        recomputeBatch, maxPendingUsers, functionBudget, trendingBucket, trendingWindow, trendingFlushInterval,
        trendingRefresh, defaultHomeRefresh, trendingShards, trendingClaimGrace);
  }

  public WorkerSettings withRecompute(int threads, int batch) {
    return new WorkerSettings(minPlay, maxClockSkew, playHistory, maxInflightWrites, debounce, threads,
        batch, maxPendingUsers, functionBudget, trendingBucket, trendingWindow, trendingFlushInterval,
        trendingRefresh, defaultHomeRefresh, trendingShards, trendingClaimGrace);
  }

  public WorkerSettings withMaxPendingUsers(int n) {
    return new WorkerSettings(minPlay, maxClockSkew, playHistory, maxInflightWrites, debounce, recomputeThreads,
        recomputeBatch, n, functionBudget, trendingBucket, trendingWindow, trendingFlushInterval,
        trendingRefresh, defaultHomeRefresh, trendingShards, trendingClaimGrace);
  }

  public WorkerSettings withFunctionBudget(Duration d) {
    return new WorkerSettings(minPlay, maxClockSkew, playHistory, maxInflightWrites, debounce, recomputeThreads,
        recomputeBatch, maxPendingUsers, d, trendingBucket, trendingWindow, trendingFlushInterval,
        trendingRefresh, defaultHomeRefresh, trendingShards, trendingClaimGrace);
  }

  public WorkerSettings withTrendingTimes(Duration flushInterval, Duration refresh,
      Duration defaultHomeRefreshEvery) {
    return new WorkerSettings(minPlay, maxClockSkew, playHistory, maxInflightWrites, debounce, recomputeThreads,
        recomputeBatch, maxPendingUsers, functionBudget, trendingBucket, trendingWindow, flushInterval,
        refresh, defaultHomeRefreshEvery, trendingShards, trendingClaimGrace);
  }

  public WorkerSettings withTrendingClaimGrace(Duration grace) {
    return new WorkerSettings(minPlay, maxClockSkew, playHistory, maxInflightWrites, debounce, recomputeThreads,
        recomputeBatch, maxPendingUsers, functionBudget, trendingBucket, trendingWindow, trendingFlushInterval,
        trendingRefresh, defaultHomeRefresh, trendingShards, grace);
  }
}
