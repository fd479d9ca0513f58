package dev.homeshelves.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.InvariantViolationException;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShelfStoreTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private final ShelfStore store = new ShelfStore(BIGTABLE.dataClient());

  static Shelf shelf(String id, String title, double score, Instant computedAt) {
    return Shelf.newBuilder()
        .setId(id)
        .setTitle(title)
        .setFunctionId(id)
        .setScore(score)
        .setComputedAt(Timestamps.fromMillis(computedAt.toEpochMilli()))
        .addItems(Item.newBuilder().setId("t-" + title).setTitle(title))
        .build();
  }

  @Test
  void readsNewestVersionOfEachShelfOrderedByScore() {
    store.writeShelf("alice", shelf("jump-back-in", "old", 0.5, T0));
    store.writeShelf("alice", shelf("jump-back-in", "new", 0.5, T0.plusSeconds(60)));
    store.writeShelf("alice", shelf("trending", "hot", 0.9, T0));

    List<Shelf> home = store.readHome("alice", DEADLINE);

    assertThat(home).extracting(Shelf::getId).containsExactly("trending", "jump-back-in");
    assertThat(home).extracting(Shelf::getTitle).containsExactly("hot", "new");
    assertThat(home).noneMatch(Shelf::getStale);
  }

  @Test
  void computationWrittenLateDoesNotHideNewerOne() {
    store.writeShelf("bob", shelf("mix", "newer", 1, T0.plusSeconds(60)));
    store.writeShelf("bob", shelf("mix", "older-but-written-last", 1, T0));

    assertThat(store.readHome("bob", DEADLINE)).extracting(Shelf::getTitle).containsExactly("newer");
  }

  @Test
  void corruptNewestCellFallsBackToPreviousVersionMarkedStale() {
    store.writeShelf("carol", shelf("mix", "good", 1, T0));
    store.writeRawCell("carol", "mix", T0.plusSeconds(60), "not a shelf \u00ff".getBytes(StandardCharsets.UTF_8));

    List<Shelf> home = store.readHome("carol", DEADLINE);

    assertThat(home).singleElement().satisfies(s -> {
      assertThat(s.getTitle()).isEqualTo("good");
      assertThat(s.getStale()).isTrue();
    });
  }

  @Test
  void shelfMarkedFailedFallsBackToPreviousVersionMarkedStale() {
    store.writeShelf("dave", shelf("mix", "good", 1, T0));
    store.markFailed("dave", "mix", T0.plusSeconds(60));

    assertThat(store.readHome("dave", DEADLINE))
        .singleElement()
        .satisfies(s -> assertThat(s.getStale()).isTrue())
        .extracting(Shelf::getTitle)
        .isEqualTo("good");
  }

  @Test
  void cellOfAnotherShelfIdCountsAsCorrupt() {
    store.writeShelf("erin", shelf("mix", "good", 1, T0));
    store.writeRawCell("erin", "mix", T0.plusSeconds(60), shelf("other", "x", 1, T0).toByteArray());

    assertThat(store.readHome("erin", DEADLINE)).extracting(Shelf::getTitle).containsExactly("good");
  }

  @Test
  void shelfWithOnlyUnreadableVersionsIsLeftOut() {
    store.writeShelf("frank", shelf("kept", "k", 1, T0));
    store.markFailed("frank", "broken", T0);

    assertThat(store.readHome("frank", DEADLINE)).extracting(Shelf::getId).containsExactly("kept");
  }

  @Test
  void unknownUserHasEmptyHome() {
    assertThat(store.readHome("nobody", DEADLINE)).isEmpty();
  }

  @Test
  void defaultHomeIsSeparateFromUserRows() {
    store.writeDefaultHome(List.of(shelf("trending", "Trending now", 1, T0)));
    store.writeShelf("default", shelf("mine", "a user called default", 1, T0));

    assertThat(store.readDefaultHome(DEADLINE)).extracting(Shelf::getId).containsExactly("trending");
    assertThat(store.readHome("default", DEADLINE)).extracting(Shelf::getId).containsExactly("mine");
  }

  @Test
  void shelfWithoutIdIsRejected() {
    assertThatThrownBy(() -> store.writeShelf("gina", Shelf.newBuilder().setTitle("x").build()))
        .isInstanceOf(InvariantViolationException.class)
        .hasMessageContaining("shelf.id");
  }

  @Test
  void aShelfTheNextRecomputeDoesNotWriteIsNoLongerServed() {
    store.replaceShelves("hal", replaced(List.of(shelf("mix", "m1", 1, T0), shelf("radio", "r1", 0.5, T0))));
    store.replaceShelves("hal", replaced(List.of(shelf("mix", "m2", 1, T0.plusSeconds(60)), shelf("radio", "r2", 0.5, T0.plusSeconds(60)))));

    store.replaceShelves("hal", replaced(List.of(shelf("mix", "m3", 1, T0.plusSeconds(120)))));

    assertThat(store.readHome("hal", DEADLINE)).extracting(Shelf::getTitle).containsExactly("m3");
  }

  @Test
  void aRemovedShelfIsNotResurrectedThroughItsOlderVersions() {
    store.replaceShelves("ivy", replaced(List.of(shelf("mix", "m1", 1, T0), shelf("radio", "r1", 0.5, T0))));
    store.replaceShelves("ivy", replaced(List.of(shelf("mix", "m2", 1, T0.plusSeconds(60)))));

    // A failed or corrupt newer version of the removed shelf must not fall back to r1.
    store.markFailed("ivy", "radio", T0.plusSeconds(90));
    store.writeRawCell("ivy", "radio", T0.plusSeconds(100), "garbage".getBytes(StandardCharsets.UTF_8));

    assertThat(store.readHome("ivy", DEADLINE)).extracting(Shelf::getId).containsExactly("mix");
  }

  @Test
  void aLateWriteOfARemovedShelfDoesNotBringItBack() {
    store.replaceShelves("jo", replaced(List.of(shelf("mix", "m1", 1, T0), shelf("radio", "r1", 0.5, T0))));
    store.replaceShelves("jo", replaced(List.of(shelf("mix", "m2", 1, T0.plusSeconds(60)))));

    // An older computation that arrives late (it ran before the removal) stays hidden.
    store.replaceShelves("jo", replaced(List.of(shelf("mix", "m-late", 1, T0.plusSeconds(30)), shelf("radio", "r-late", 0.5, T0.plusSeconds(30)))));

    assertThat(store.readHome("jo", DEADLINE)).extracting(Shelf::getTitle).containsExactly("m2");
  }

  @Test
  void theShelvesOfFailedFunctionsStayAsStored() {
    store.replaceShelves("kim", replaced(List.of(shelf("mix", "m1", 1, T0), shelf("radio", "r1", 0.5, T0))));

    store.replaceShelves("kim", new ShelfRows.Recomputed(List.of(shelf("mix", "m2", 1, T0.plusSeconds(60))), java.util.Set.of("radio")));

    assertThat(store.readHome("kim", DEADLINE)).extracting(Shelf::getTitle).containsExactly("m2", "r1");
  }

  @Test
  void anEmptyRecomputeRemovesEveryShelfAndAShelfAddedLaterIsServed() {
    store.replaceShelves("lee", replaced(List.of(shelf("mix", "m1", 1, T0))));
    store.replaceShelves("lee", replaced(List.of()));
    assertThat(store.readHome("lee", DEADLINE)).isEmpty();

    store.writeShelf("lee", shelf("radio", "r1", 0.5, Instant.now().plusSeconds(1)));

    assertThat(store.readHome("lee", DEADLINE)).extracting(Shelf::getTitle).containsExactly("r1");
  }

  @Test
  void bulkReplacesReplaceEachUsersSet() {
    store.replaceShelvesOfUsers(java.util.Map.of(
        "max", replaced(List.of(shelf("mix", "m1", 1, T0), shelf("radio", "r1", 0.5, T0))),
        "ned", replaced(List.of(shelf("mix", "n1", 1, T0)))));

    store.replaceShelvesOfUsers(java.util.Map.of("max", replaced(List.of(shelf("radio", "r2", 0.5, T0.plusSeconds(60))))));

    assertThat(store.readHome("max", DEADLINE)).extracting(Shelf::getTitle).containsExactly("r2");
    assertThat(store.readHome("ned", DEADLINE)).extracting(Shelf::getTitle).containsExactly("n1");
  }

  @Test
  void theDefaultHomeWriteReplacesItsSetToo() {
    store.replaceDefaultHome(replaced(List.of(shelf("trending", "t1", 1, T0), shelf("editorial", "e1", 0.5, T0))));
    store.replaceDefaultHome(replaced(List.of(shelf("trending", "t2", 1, T0.plusSeconds(60)))));

    assertThat(store.readDefaultHome(DEADLINE)).extracting(Shelf::getTitle).containsExactly("t2");
  }

  @Test
  void addingWritesLeaveTheOtherShelvesAlone() {
    store.writeShelves("oli", List.of(shelf("mix", "m1", 1, T0)));
    store.writeShelvesOfUsers(java.util.Map.of("oli", List.of(shelf("radio", "r1", 0.5, T0))));

    assertThat(store.readHome("oli", DEADLINE)).extracting(Shelf::getTitle).containsExactly("m1", "r1");
  }

  private static ShelfRows.Recomputed replaced(List<Shelf> shelves) {
    return new ShelfRows.Recomputed(shelves, java.util.Set.of());
  }
}
