package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.TrendingStore;
import dev.homeshelves.shelves.Trending;
import dev.homeshelves.shelves.TrendingItem;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trending counts every recompute uses, summed over the window from the per-bucket rows
 * and kept in memory between refreshes, so a recompute never reads the trending rows itself.
 */
public final class TrendingCache {

  private static final Logger LOG = LoggerFactory.getLogger(TrendingCache.class);
  // The shelves show a few dozen items; more only costs memory in every context.
  private static final int TOP = 500;

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
      Map<String, Long> counts = store.counts(now.minus(window), now);
      var top = counts.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(TOP)
          .map(e -> new TrendingItem(e.getKey(), e.getValue()))
          .toList();
      current = new Trending(window, top);
    } catch (RuntimeException e) {
      LOG.warn("cannot refresh trending counts, keeping the previous ones: {}", e.toString());
    }
  }
}
