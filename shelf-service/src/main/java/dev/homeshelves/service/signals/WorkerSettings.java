package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.TrendingStore;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * How the worker ingests signals, recomputes shelves and counts trending plays. Every default
 * lives in application.yml (commented there), which every context loads.
 */
@ConfigurationProperties("home-shelves.worker")
public record WorkerSettings(
    Duration minPlay,
    Duration maxClockSkew,
    int playHistory,
    int maxInflightWrites,
    Duration debounce,
    int recomputeThreads,
    int recomputeBatch,
    int maxPendingUsers,
    Duration recomputeLease,
    Duration recomputeBackoff,
    Duration recomputeMaxBackoff,
    int recomputeMaxAttempts,
    Duration sweepInterval,
    Duration sweepAge,
    Duration functionBudget,
    Duration trendingBucket,
    Duration trendingWindow,
    Duration trendingFlushInterval,
    Duration trendingRefresh,
    Duration defaultHomeRefresh,
    int trendingShards,
    Duration trendingClaimGrace) {

  public WorkerSettings {
    PubSubSettings.requireAll("home-shelves.worker", minPlay, maxClockSkew, debounce, recomputeLease,
        recomputeBackoff, recomputeMaxBackoff, sweepInterval, sweepAge, functionBudget, trendingBucket,
        trendingWindow, trendingFlushInterval, trendingRefresh, defaultHomeRefresh, trendingClaimGrace);
    PubSubSettings.require(!minPlay.isNegative(), "worker.min-play", "must not be negative");
    PubSubSettings.require(playHistory >= 1, "worker.play-history", "must be at least 1");
    PubSubSettings.require(maxInflightWrites >= 1, "worker.max-inflight-writes", "must be at least 1");
    PubSubSettings.require(!debounce.isNegative(), "worker.debounce", "must not be negative");
    PubSubSettings.require(recomputeThreads >= 1, "worker.recompute-threads", "must be at least 1");
    PubSubSettings.require(recomputeBatch >= 1, "worker.recompute-batch", "must be at least 1");
    PubSubSettings.require(maxPendingUsers >= 1, "worker.max-pending-users", "must be at least 1");
    PubSubSettings.require(recomputeLease.toMillis() >= 1000, "worker.recompute-lease", "must be at least 1s");
    PubSubSettings.require(recomputeBackoff.toMillis() >= 1, "worker.recompute-backoff", "must be at least 1ms");
    PubSubSettings.require(recomputeMaxBackoff.compareTo(recomputeBackoff) >= 0, "worker.recompute-max-backoff",
        "must be at least recompute-backoff");
    PubSubSettings.require(recomputeMaxAttempts >= 1, "worker.recompute-max-attempts", "must be at least 1");
    PubSubSettings.require(sweepInterval.toMillis() >= 100, "worker.sweep-interval", "must be at least 100ms");
    PubSubSettings.require(sweepAge.toMillis() >= 1, "worker.sweep-age", "must be at least 1ms");
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
}
