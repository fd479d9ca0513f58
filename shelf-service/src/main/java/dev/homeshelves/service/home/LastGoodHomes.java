package dev.homeshelves.service.home;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.homeshelves.api.v1.Shelf;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Each recently served user's last Home read from Bigtable, bounded in bytes and age, for when
 * Bigtable fails. Per replica: a user routed to another replica during an outage gets the
 * default Home there. With {@code home-shelves.home.fresh-ttl} above zero, a Home read less than
 * that long ago is also served again as fresh instead of reading Bigtable ({@link #recent}).
 */
@Singleton
public final class LastGoodHomes {

  /** Shelves as read from Bigtable, and when last read ({@link System#nanoTime}). */
  private static final class Read {
    final List<Shelf> shelves;
    final int bytes;
    volatile long atNanos;

    Read(List<Shelf> shelves, long atNanos) {
      this.shelves = shelves;
      this.bytes = encodedSize(shelves);
      this.atNanos = atNanos;
    }

    // The shelves were just parsed, and protobuf keeps each message's size once computed.
    private static int encodedSize(List<Shelf> shelves) {
      long bytes = 0;
      for (Shelf shelf : shelves) {
        bytes += shelf.getSerializedSize();
      }
      return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes));
    }
  }

  private final Cache<String, Read> cache;
  private final long freshNanos;

  public LastGoodHomes(HomeSettings settings, MeterRegistry registry) {
    this.cache =
        Caffeine.newBuilder()
            // Bytes, not users: Homes differ in size by orders of magnitude (a new user's one
            // shelf, a heavy listener's twenty), so a count bounds neither the heap nor the hit rate.
            .maximumWeight(settings.cacheMaxBytes())
            .weigher((String userId, Read read) -> read.bytes)
            .expireAfterWrite(settings.cacheExpireAfterWrite())
            .recordStats()
            // Evictions and expiry on the reading thread: Caffeine's default, the common pool,
            // woke a thread of its own after ~40 % of reads (thread-wakeups.sh).
            .executor(Runnable::run)
            .build();
    LastGoodHomesMetrics.monitor(registry, cache);
    this.freshNanos = settings.freshTtl().toNanos();
  }

  void remember(String userId, List<Shelf> shelves) {
    long now = System.nanoTime();
    Read last = cache.asMap().get(userId);
    if (last != null && sameCells(last.shelves, shelves)) {
      // Most reads find the Home unchanged. Keeping the cached copy (read again now) instead
      // of the new one keeps the cache's objects old: replacing every served user's entry on
      // every read made each young GC copy all Homes read since the previous one: 20-30 ms
      // pauses every 2-3 s at 1,000 reads/s, ~5 ms with this (docs/performance.md).
      last.atNanos = now;
      cache.put(userId, last); // so that cache-expire-after-write counts from this read
      return;
    }
    cache.put(userId, new Read(shelves, now));
  }

  /**
   * Whether two reads returned the same cells: a cell is identified by its shelf and its version,
   * the shelf's {@code computed_at}; {@code stale} says whether an older version stood in. A
   * shelf without {@code computed_at} (its cell version was the time of writing) counts as changed.
   */
  private static boolean sameCells(List<Shelf> a, List<Shelf> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Shelf x = a.get(i);
      Shelf y = b.get(i);
      if (!x.hasComputedAt()
          || !x.getId().equals(y.getId())
          || !x.getComputedAt().equals(y.getComputedAt())
          || x.getStale() != y.getStale()) {
        return false;
      }
    }
    return true;
  }

  /** The user's last good shelves, counted as a cache hit or miss. */
  Optional<List<Shelf>> lastGood(String userId) {
    Read read = cache.getIfPresent(userId);
    return read == null ? Optional.empty() : Optional.of(read.shelves);
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
    return read != null && System.nanoTime() - read.atNanos < freshNanos
        ? Optional.of(read.shelves) : Optional.empty();
  }
}
