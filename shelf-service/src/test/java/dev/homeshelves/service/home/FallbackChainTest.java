package dev.homeshelves.service.home;

import static dev.homeshelves.service.home.HomeFixtures.shelf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each step of the fallback chain, against a real emulator that is stopped and restarted. */
class FallbackChainTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  // Generous for a loaded CI machine; an outage still fails fast (connection refused).
  private static final Duration DEADLINE = Duration.ofMillis(500);

  @Test
  void storageOutageServesCachedThenDefaultAndRecoversToFresh() {
    ShelfStore store = new ShelfStore(BIGTABLE.dataClient());
    store.writeShelves("alice", List.of(shelf("jump-back-in", 2, 3), shelf("mix", 1, 3)));
    store.writeDefaultHome(List.of(shelf("trending", 1, 5)));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HomeReader reader = HomeFixtures.reader(store, HomeFixtures.settings(DEADLINE), registry, null);

    Home fresh = reader.read("alice");
    assertThat(fresh.source()).isEqualTo(Source.SOURCE_FRESH);
    assertThat(fresh.shelves()).extracting(Shelf::getId).containsExactly("jump-back-in", "mix");
    assertThat(fresh.shelves()).noneMatch(Shelf::getStale);

    BIGTABLE.stop();

    Home cached = reader.read("alice");
    assertThat(cached.source()).isEqualTo(Source.SOURCE_STALE);
    assertThat(cached.shelves()).extracting(Shelf::getId).containsExactly("jump-back-in", "mix");
    assertThat(cached.shelves()).allMatch(Shelf::getStale);

    Home neverSeen = reader.read("bob");
    assertThat(neverSeen.source()).isEqualTo(Source.SOURCE_DEFAULT);
    assertThat(neverSeen.shelves()).extracting(Shelf::getId).containsExactly("trending");

    double failures =
        registry.find("homeshelves.home.bigtable.read.failures").counters().stream().mapToDouble(c -> c.count()).sum();
    assertThat(failures).isEqualTo(2);
    assertThat(registry.get("homeshelves.cache.gets").tag("result", "hit").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("homeshelves.cache.gets").tag("result", "miss").functionCounter().count()).isEqualTo(1);

    restartAndRestore(store);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(reader.read("alice").source()).isEqualTo(Source.SOURCE_FRESH));
  }

  @Test
  void corruptNewestCellIsServedFreshWithThatShelfStale() {
    ShelfStore store = new ShelfStore(BIGTABLE.dataClient());
    store.writeShelves("carol", List.of(shelf("mix", 2, 3), shelf("radio", 1, 3)));
    store.writeRawCell("carol", "mix", HomeFixtures.T0.plusSeconds(60), "garbage".getBytes(StandardCharsets.UTF_8));
    HomeReader reader = HomeFixtures.reader(store, HomeFixtures.settings(DEADLINE), new SimpleMeterRegistry(), null);

    Home home = reader.read("carol");

    assertThat(home.source()).isEqualTo(Source.SOURCE_FRESH);
    assertThat(home.shelves()).extracting(Shelf::getId, Shelf::getStale)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("mix", true), org.assertj.core.groups.Tuple.tuple("radio", false));
  }

  @Test
  void userWithoutShelvesGetsDefaultHome() {
    ShelfStore store = new ShelfStore(BIGTABLE.dataClient());
    store.writeDefaultHome(List.of(shelf("editorial", 1, 2)));
    HomeReader reader = HomeFixtures.reader(store, HomeFixtures.settings(DEADLINE), new SimpleMeterRegistry(), null);

    Home home = reader.read("newcomer");

    assertThat(home.source()).isEqualTo(Source.SOURCE_DEFAULT);
    assertThat(home.shelves()).extracting(Shelf::getId).contains("editorial");
  }

  @Test
  void readExceedingDeadlineCountsAsTimeoutAndFallsBack() {
    ShelfStore store = new ShelfStore(BIGTABLE.dataClient());
    store.writeShelves("dave", List.of(shelf("mix", 1, 1)));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HomeReader reader = HomeFixtures.reader(store, HomeFixtures.settings(Duration.ofNanos(1)), registry, null);

    Home home = reader.read("dave");

    assertThat(home.source()).isEqualTo(Source.SOURCE_DEFAULT);
    assertThat(registry.get("homeshelves.home.bigtable.read.failures").tag("reason", "timeout").counter().count()).isEqualTo(1);
  }

  private static void restartAndRestore(ShelfStore store) {
    try {
      BIGTABLE.restart();
    } catch (Exception e) {
      throw new AssertionError("emulator did not restart", e);
    }
    // The restarted emulator is empty: the worker would rewrite the shelves; do it here.
    store.writeShelves("alice", List.of(shelf("jump-back-in", 2, 3)));
  }
}
