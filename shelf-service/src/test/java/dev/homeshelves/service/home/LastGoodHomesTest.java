package dev.homeshelves.service.home;

import static dev.homeshelves.service.home.HomeFixtures.shelf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Shelf;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The last good Homes keep their copy while a user's cells are unchanged, and take new cells. */
class LastGoodHomesTest {

  private static final Duration DEADLINE = Duration.ofMillis(500);

  private final LastGoodHomes homes =
      new LastGoodHomes(HomeFixtures.settings(DEADLINE), new SimpleMeterRegistry());

  @Test
  void aReadOfTheSameCellsKeepsTheCachedCopy() {
    List<Shelf> first = List.of(shelf("a", 2, 3), shelf("b", 1, 3));
    homes.remember("erin", first);

    homes.remember("erin", List.of(shelf("a", 2, 3), shelf("b", 1, 3)));

    assertThat(homes.lastGood("erin")).get().isSameAs(first);
  }

  @Test
  void aNewerVersionOfAShelfReplacesTheCachedHome() {
    homes.remember("erin", List.of(shelf("a", 2, 3), shelf("b", 1, 3)));
    Shelf rewritten = shelf("b", 1, 4).toBuilder()
        .setComputedAt(Timestamps.fromMillis(HomeFixtures.T0.toEpochMilli() + 1))
        .build();
    List<Shelf> newer = List.of(shelf("a", 2, 3), rewritten);

    homes.remember("erin", newer);

    assertThat(homes.lastGood("erin")).get().isSameAs(newer);
  }

  @Test
  void anOlderVersionStandingInIsAChange() {
    homes.remember("erin", List.of(shelf("a", 2, 3)));
    List<Shelf> stale = List.of(shelf("a", 2, 3).toBuilder().setStale(true).build());

    homes.remember("erin", stale);

    assertThat(homes.lastGood("erin")).get().isSameAs(stale);
  }

  @Test
  void aShelfAddedOrGoneIsAChange() {
    homes.remember("erin", List.of(shelf("a", 2, 3)));
    List<Shelf> more = List.of(shelf("a", 2, 3), shelf("b", 1, 3));

    homes.remember("erin", more);

    assertThat(homes.lastGood("erin")).get().isSameAs(more);
  }

  @Test
  void shelvesWithoutComputedAtAlwaysReplaceTheCachedHome() {
    homes.remember("erin", List.of(shelf("a", 2, 3).toBuilder().clearComputedAt().build()));
    List<Shelf> again = List.of(shelf("a", 2, 3).toBuilder().clearComputedAt().setTitle("Rewritten").build());

    homes.remember("erin", again);

    assertThat(homes.lastGood("erin")).get().isSameAs(again);
  }

  @Test
  void aReadOfTheSameCellsCountsAsRecentForFreshTtl() {
    Duration ttl = Duration.ofSeconds(2);
    LastGoodHomes withTtl =
        new LastGoodHomes(HomeFixtures.settings(DEADLINE, ttl), new SimpleMeterRegistry());
    List<Shelf> first = List.of(shelf("a", 2, 3));
    withTtl.remember("erin", first);
    await().atMost(ttl.multipliedBy(5)).until(() -> withTtl.recent("erin").isEmpty());

    withTtl.remember("erin", List.of(shelf("a", 2, 3)));

    assertThat(withTtl.recent("erin")).get().isSameAs(first);
  }

  @Test
  void theCacheIsBoundedByTheHomesEncodedBytesNotByUsers() {
    List<Shelf> home = List.of(shelf("a", 2, 20), shelf("b", 1, 20));
    int bytes = home.stream().mapToInt(Shelf::getSerializedSize).sum();
    var registry = new SimpleMeterRegistry();
    // Room for two and a half Homes of this size.
    var bounded = new LastGoodHomes(
        HomeFixtures.settings(DEADLINE, Duration.ZERO, 1, bytes * 5L / 2), registry);

    for (int i = 0; i < 20; i++) {
      bounded.remember("user-" + i, List.of(shelf("a", 2, 20), shelf("b", 1, 20)));
    }

    // Eviction runs in the cache's maintenance, off the caller's thread.
    var weight = registry.get("homeshelves.cache.weight.bytes").gauge();
    var size = registry.get("homeshelves.cache.size").gauge();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(weight.value()).isBetween((double) bytes, bytes * 5.0 / 2);
      assertThat(size.value()).isBetween(1.0, 2.0);
    });
  }

  @Test
  void aHomeLargerThanTheWholeBoundIsNotKept() {
    List<Shelf> small = List.of(shelf("a", 2, 3));
    List<Shelf> huge = List.of(shelf("a", 2, 50), shelf("b", 1, 50), shelf("c", 1, 50));
    var bounded = new LastGoodHomes(HomeFixtures.settings(DEADLINE, Duration.ZERO, 1,
        huge.stream().mapToInt(Shelf::getSerializedSize).sum() - 1L), new SimpleMeterRegistry());
    bounded.remember("light", small);

    bounded.remember("heavy", huge);

    await().atMost(Duration.ofSeconds(10)).until(() -> bounded.lastGood("heavy").isEmpty());
    assertThat(bounded.lastGood("light")).get().isSameAs(small);
  }
}
