package dev.homeshelves.service.home;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.Provenance;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;

/** Small builders for read-path tests. */
final class HomeFixtures {

  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private HomeFixtures() {}

  static HomeSettings settings(Duration readDeadline) {
    return settings(readDeadline, Duration.ZERO);
  }

  static HomeSettings settings(Duration readDeadline, Duration freshTtl) {
    return settings(readDeadline, freshTtl, 1);
  }

  static HomeSettings settings(Duration readDeadline, Duration freshTtl, int minItemsPerShelf) {
    return settings(readDeadline, freshTtl, minItemsPerShelf, 1_000_000);
  }

  /** With the last-good cache bounded to {@code cacheMaxBytes}. */
  static HomeSettings settings(Duration readDeadline, Duration freshTtl, int minItemsPerShelf, long cacheMaxBytes) {
    return new HomeSettings(
        readDeadline, 10, 30, 20, 50, 128, cacheMaxBytes, Duration.ofHours(24), Duration.ofSeconds(30),
        Duration.ofSeconds(1), Duration.ofSeconds(5), freshTtl, minItemsPerShelf, 50, 20, Duration.ofSeconds(1), 512);
  }

  /** With the read breaker opening after {@code window} reads of which {@code failureRate} % failed. */
  static HomeSettings withBreaker(HomeSettings s, int failureRate, int window, Duration openFor) {
    return new HomeSettings(
        s.readDeadline(), s.defaultMaxShelves(), s.maxShelves(), s.defaultMaxItemsPerShelf(), s.maxItemsPerShelf(),
        s.userIdMaxLength(), s.cacheMaxBytes(), s.cacheExpireAfterWrite(), s.defaultHomeRefresh(), s.defaultHomeRetry(),
        s.defaultHomeReadDeadline(), s.freshTtl(), s.minItemsPerShelf(), failureRate, window, openFor,
        s.maxReadsInFlight());
  }

  /** With at most {@code reads} Bigtable reads of GetHome in flight. */
  static HomeSettings withMaxReadsInFlight(HomeSettings s, int reads) {
    return new HomeSettings(
        s.readDeadline(), s.defaultMaxShelves(), s.maxShelves(), s.defaultMaxItemsPerShelf(), s.maxItemsPerShelf(),
        s.userIdMaxLength(), s.cacheMaxBytes(), s.cacheExpireAfterWrite(), s.defaultHomeRefresh(), s.defaultHomeRetry(),
        s.defaultHomeReadDeadline(), s.freshTtl(), s.minItemsPerShelf(), s.breakerFailureRate(), s.breakerWindow(),
        s.breakerOpenFor(), reads);
  }

  static Shelf shelf(String id, double score, int items) {
    Shelf.Builder shelf =
        Shelf.newBuilder()
            .setId(id)
            .setTitle("Title of " + id)
            .setFunctionId(id)
            .setScore(score)
            .setComputedAt(Timestamps.fromMillis(T0.toEpochMilli()))
            .setProvenance(Provenance.newBuilder().addSeedIds("seed-1").putInputs("plays_considered", "3"));
    for (int i = 0; i < items; i++) {
      shelf.addItems(Item.newBuilder().setId(id + "-item-" + i).setTitle("Item " + i).setScore(items - i));
    }
    return shelf.build();
  }

  /** A shelf with these item ids (track cards), best first. */
  static Shelf shelfOf(String id, double score, String... itemIds) {
    Shelf.Builder shelf = Shelf.newBuilder().setId(id).setTitle("Title of " + id).setFunctionId(id).setScore(score)
        .setComputedAt(Timestamps.fromMillis(T0.toEpochMilli()));
    for (String itemId : itemIds) {
      shelf.addItems(Item.newBuilder().setId(itemId).setTitle(itemId));
    }
    return shelf.build();
  }

  /** A HomeReader wired like the application wires it. */
  static HomeReader reader(ShelfStore store, HomeSettings settings, MeterRegistry registry, DefaultHome[] defaultHomeOut) {
    HomeMetrics metrics = new HomeMetrics(registry);
    DefaultHome defaultHome = new DefaultHome(store, settings, metrics);
    defaultHome.refresh();
    if (defaultHomeOut != null) {
      defaultHomeOut[0] = defaultHome;
    }
    return new HomeReader(store, new LastGoodHomes(settings, registry), defaultHome, settings, metrics, Tracing.off());
  }
}
