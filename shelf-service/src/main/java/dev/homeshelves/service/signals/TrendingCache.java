package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.TrendingRows;
import dev.homeshelves.service.store.TrendingStore;
import dev.homeshelves.shelves.Trending;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trending counts every recompute uses, summed over the window from the per-bucket rows
 * and kept in memory between refreshes, so a recompute never reads the trending rows itself.
 */
public final class TrendingCache {

  private static final Logger LOG = LoggerFactory.getLogger(TrendingCache.class);

  private final TrendingStore store;
  private final Duration window;
  private final Clock clock;
  private volatile Trending current;

  public TrendingCache(TrendingStore store, Duration window, Clock clock) {
    this.store = store;
    this.window = window;
    this.clock = clock;
    this.current = Trending.none(window);
  }

  /** The counts as of the last refresh. */
  public Trending current() {
    return current;
  }

  /** Re-reads the window; on failure the previous counts stay. */
  public void refresh() {
    try {
      var now = clock.instant();
      current = TrendingRows.top(store.counts(now.minus(window), now), window);
    } catch (RuntimeException e) {
      LOG.warn("cannot refresh trending counts, keeping the previous ones: {}", e.toString());
    }
  }
}
