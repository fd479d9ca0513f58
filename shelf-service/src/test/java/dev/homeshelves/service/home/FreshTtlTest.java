package dev.homeshelves.service.home;

import static dev.homeshelves.service.home.HomeFixtures.shelf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** home-shelves.home.fresh-ttl: a Home read that recently is answered again without a read. */
class FreshTtlTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private static final Duration DEADLINE = Duration.ofMillis(500);
  // Long enough that the read right after a write falls inside it even on a loaded machine.
  private static final Duration TTL = Duration.ofSeconds(2);

  @Test
  void offByDefaultEveryReadSeesTheNewestShelves() {
    ShelfStore store = new ShelfStore(BIGTABLE.dataClient());
    store.writeDefaultHome(List.of(shelf("trending", 1, 5)));
    HomeReader reader = HomeFixtures.reader(store, HomeFixtures.settings(DEADLINE), new SimpleMeterRegistry(), null);
    store.writeShelves("carol", List.of(shelf("old", 1, 3)));
    assertThat(reader.read("carol").shelves()).extracting(Shelf::getId).containsExactly("old");

    store.writeShelves("carol", List.of(shelf("new", 5, 3)));

    Home home = reader.read("carol");
    assertThat(home.source()).isEqualTo(Source.SOURCE_FRESH);
    assertThat(home.shelves()).extracting(Shelf::getId).contains("new");
  }

  @Test
  void withinTheTtlTheLastReadIsAnsweredAgainAsFreshAndAfterItBigtableIsRead() {
    ShelfStore store = new ShelfStore(BIGTABLE.dataClient());
    store.writeDefaultHome(List.of(shelf("trending", 1, 5)));
    HomeReader reader = HomeFixtures.reader(
        store, HomeFixtures.settings(DEADLINE, TTL), new SimpleMeterRegistry(), null);
    store.writeShelves("dave", List.of(shelf("old", 1, 3)));
    assertThat(reader.read("dave").shelves()).extracting(Shelf::getId).containsExactly("old");

    store.writeShelves("dave", List.of(shelf("new", 5, 3)));

    Home cached = reader.read("dave");
    assertThat(cached.source()).isEqualTo(Source.SOURCE_FRESH);
    assertThat(cached.shelves()).extracting(Shelf::getId).containsExactly("old");
    // Once the TTL has passed, the next read goes to Bigtable and sees the newer shelf.
    await().atMost(TTL.multipliedBy(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(reader.read("dave").shelves()).extracting(Shelf::getId).contains("new"));
  }
}
