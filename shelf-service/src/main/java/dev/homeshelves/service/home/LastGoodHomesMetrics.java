package dev.homeshelves.service.home;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The last-good cache's meters under the service's one prefix ({@code homeshelves_cache_*},
 * tag {@code cache="home.last-good"}), each with its help text; Micrometer's own Caffeine
 * binding would name them {@code cache_*} without one.
 */
final class LastGoodHomesMetrics {

  private static final String CACHE = "home.last-good";

  private LastGoodHomesMetrics() {}

  static void monitor(MeterRegistry registry, Cache<?, ?> cache) {
    FunctionCounter.builder("homeshelves.cache.gets", cache, c -> c.stats().hitCount())
        .description("Lookups in the last-good cache (fallback when Bigtable fails), by result")
        .tags("cache", CACHE, "result", "hit")
        .register(registry);
    FunctionCounter.builder("homeshelves.cache.gets", cache, c -> c.stats().missCount())
        .description("Lookups in the last-good cache (fallback when Bigtable fails), by result")
        .tags("cache", CACHE, "result", "miss")
        .register(registry);
    FunctionCounter.builder("homeshelves.cache.evictions", cache, c -> c.stats().evictionCount())
        .description("Homes evicted from the last-good cache (byte bound or expiry)")
        .tag("cache", CACHE)
        .register(registry);
    Gauge.builder("homeshelves.cache.size", cache, Cache::estimatedSize)
        .description("Homes in the last-good cache (an estimate)")
        .tag("cache", CACHE)
        .register(registry);
    Gauge.builder("homeshelves.cache.weight.bytes", cache,
            c -> c.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L))
        .description("Encoded bytes of the Homes in the last-good cache (bounded by cache-max-bytes)")
        .tag("cache", CACHE)
        .register(registry);
  }
}
