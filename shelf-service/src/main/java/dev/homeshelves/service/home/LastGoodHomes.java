package dev.homeshelves.service.home;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.homeshelves.api.v1.Shelf;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Each recently served user's last Home read from Bigtable, bounded in size and age, for when
 * Bigtable fails. Per replica: a user routed to another replica during an outage gets the
 * default Home there. With {@code home-shelves.home.fresh-ttl} above zero, a Home read less than
 * that long ago is also served again as fresh instead of reading Bigtable ({@link #recent}).
 */
@Singleton
public final class LastGoodHomes {

  /** Shelves as read from Bigtable, and when ({@link System#nanoTime}). */
  private record Read(List<Shelf> shelves, long atNanos) {}

  private final Cache<String, Read> cache;
  private final long freshNanos;

  public LastGoodHomes(HomeSettings settings, MeterRegistry registry) {
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(settings.cacheMaxUsers())
            .expireAfterWrite(settings.cacheExpireAfterWrite())
            .recordStats()
            .build();
    CaffeineCacheMetrics.monitor(registry, cache, "home.last-good");
    this.freshNanos = settings.freshTtl().toNanos();
  }

  void remember(String userId, List<Shelf> shelves) {
    cache.put(userId, new Read(shelves, System.nanoTime()));
  }

  /** The user's last good shelves, counted as a cache hit or miss. */
  Optional<List<Shelf>> lastGood(String userId) {
    Read read = cache.getIfPresent(userId);
    return read == null ? Optional.empty() : Optional.of(read.shelves());
  }

  /**
   * The user's shelves when they were read from Bigtable less than {@code fresh-ttl} ago; empty
   * when fresh-ttl is zero (the default) or the last read is older.
   */
  Optional<List<Shelf>> recent(String userId) {
    if (freshNanos == 0) {
      return Optional.empty();
    }
    // asMap().get: not counted in the cache's hit/miss statistics, which describe the fallback.
    Read read = cache.asMap().get(userId);
    return read != null && System.nanoTime() - read.atNanos() < freshNanos
        ? Optional.of(read.shelves()) : Optional.empty();
  }
}
