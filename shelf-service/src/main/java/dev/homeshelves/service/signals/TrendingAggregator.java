package dev.homeshelves.service.signals;

import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.homeshelves.service.store.TrendingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts plays per (time bucket, track) in memory and flushes them as one increment per
 * (bucket, track) per flush, so a hot track costs a bounded number of writes however many
 * people play it. The acks of the counted messages wait for the flush that makes their count
 * durable; a failed flush keeps counts and acks for the next one.
 */
public final class TrendingAggregator {

  private static final Logger LOG = LoggerFactory.getLogger(TrendingAggregator.class);

  private final TrendingStore store;
  private final WorkerMetrics metrics;
  private Map<Instant, Map<String, Long>> counts = new HashMap<>();
  private List<Runnable> waiting = new ArrayList<>();
  private boolean flushing;

  public TrendingAggregator(TrendingStore store, WorkerMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** Counts one play of {@code trackId}; {@code afterDurable} runs once the count is stored. */
  public synchronized void add(Instant playedAt, String trackId, Runnable afterDurable) {
    counts.computeIfAbsent(store.bucketOf(playedAt), b -> new HashMap<>())
        .merge(trackId, 1L, Long::sum);
    waiting.add(afterDurable);
  }

  /** Writes everything counted so far; at most one flush is in flight at a time. */
  public void flush() {
    Map<Instant, Map<String, Long>> batch;
    List<Runnable> acks;
    synchronized (this) {
      if (flushing || waiting.isEmpty()) {
        return;
      }
      flushing = true;
      batch = counts;
      acks = waiting;
      counts = new HashMap<>();
      waiting = new ArrayList<>();
    }
    int increments = batch.values().stream().mapToInt(Map::size).sum();
    var writes = batch.entrySet().stream().map(e -> store.add(e.getKey(), e.getValue())).toList();
    ApiFutures.addCallback(ApiFutures.allAsList(writes), new ApiFutureCallback<>() {
      @Override
      public void onSuccess(List<Void> done) {
        metrics.trendingFlushed(increments);
        synchronized (TrendingAggregator.this) {
          flushing = false;
        }
        acks.forEach(Runnable::run);
      }

      @Override
      public void onFailure(Throwable t) {
        // Increments are not idempotent, so a partly applied flush may count some tracks
        // twice when retried; losing the whole batch would be worse for a trending signal.
        LOG.warn("trending flush of {} increments failed, keeping them for the next flush: {}",
            increments, t.toString());
        metrics.trendingFlushFailed();
        synchronized (TrendingAggregator.this) {
          batch.forEach((bucket, tracks) -> tracks.forEach((track, n) ->
              counts.computeIfAbsent(bucket, b -> new HashMap<>()).merge(track, n, Long::sum)));
          acks.addAll(waiting);
          waiting = acks;
          flushing = false;
        }
      }
    }, MoreExecutors.directExecutor());
  }

  /** Plays counted but not yet durable. */
  public synchronized int pending() {
    return waiting.size();
  }
}
