package dev.homeshelves.shelves;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Global play counts over a sliding window, most played first (ties by item id). */
public record Trending(Duration window, List<TrendingItem> items) {
  public Trending {
    List<TrendingItem> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparingLong(TrendingItem::count).reversed()
        .thenComparing(TrendingItem::itemId));
    items = List.copyOf(sorted);
  }

  /** Nothing trending (no counts yet). */
  public static Trending none(Duration window) {
    return new Trending(window, List.of());
  }
}
