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
 * default Home there.
 */
@Singleton
public final class LastGoodHomes {

  private final Cache<String, List<Shelf>> cache;

  public LastGoodHomes(HomeSettings settings, MeterRegistry registry) {
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(settings.cacheMaxUsers())
            .expireAfterWrite(settings.cacheExpireAfterWrite())
            .recordStats()
            .build();
    CaffeineCacheMetrics.monitor(registry, cache, "home.last-good");
  }

  void remember(String userId, List<Shelf> shelves) {
    cache.put(userId, shelves);
  }

  /** The user's last good shelves, counted as a cache hit or miss. */
  Optional<List<Shelf>> lastGood(String userId) {
    return Optional.ofNullable(cache.getIfPresent(userId));
  }
}
