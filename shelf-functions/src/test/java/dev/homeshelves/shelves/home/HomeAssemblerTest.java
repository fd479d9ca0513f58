package dev.homeshelves.shelves.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.ComputedShelf;
import dev.homeshelves.shelves.ItemKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HomeAssemblerTest {

  private static ComputedShelf shelf(String id, double score, String... trackIds) {
    List<Card> cards = Arrays.stream(trackIds)
        .map(t -> new Card(t, ItemKind.TRACK, t, "artist", 1.0, "because"))
        .toList();
    return new ComputedShelf(id, id, cards, score, List.of(), Map.of(), Map.of(), Instant.EPOCH);
  }

  private static List<String> ids(ComputedShelf shelf) {
    return shelf.cards().stream().map(Card::itemId).toList();
  }

  @Test
  void shelvesAreOrderedByScoreBestFirst() {
    var home = new HomeAssembler(10, 10, 1).assemble(List.of(
        shelf("trending-now", 0.3, "a"), shelf("recently-played", 1.0, "b"), shelf("made-for-you", 0.8, "c")));

    assertThat(home).extracting(ComputedShelf::functionId)
        .containsExactly("recently-played", "made-for-you", "trending-now");
  }

  @Test
  void equalScoresAreOrderedByFunctionId() {
    var home = new HomeAssembler(10, 10, 1).assemble(List.of(shelf("b", 0.5, "x"), shelf("a", 0.5, "y")));

    assertThat(home).extracting(ComputedShelf::functionId).containsExactly("a", "b");
  }

  @Test
  void aCardAppearsOnlyOnTheHighestRankedShelf() {
    var home = new HomeAssembler(10, 10, 1).assemble(List.of(
        shelf("low", 0.1, "hello", "one"), shelf("high", 0.9, "hello", "so-what")));

    assertThat(ids(home.get(0))).containsExactly("hello", "so-what");
    assertThat(ids(home.get(1))).containsExactly("one");
  }

  @Test
  void sameTrackAndArtistIdsAreDifferentCards() {
    var artist = new ComputedShelf("artists", "A", List.of(new Card("x", ItemKind.ARTIST, "X", "", 1, "r")),
        0.1, List.of(), Map.of(), Map.of(), Instant.EPOCH);

    var home = new HomeAssembler(10, 10, 1).assemble(List.of(shelf("tracks", 0.9, "x"), artist));

    assertThat(home).hasSize(2);
  }

  @Test
  void shelfLeftEmptyByDeduplicationIsDropped() {
    var home = new HomeAssembler(10, 10, 1).assemble(List.of(
        shelf("high", 0.9, "a", "b"), shelf("copy", 0.5, "b", "a"), shelf("empty", 0.4)));

    assertThat(home).extracting(ComputedShelf::functionId).containsExactly("high");
  }

  @Test
  void cardsBeyondTheCapStayAvailableToLowerShelves() {
    var home = new HomeAssembler(10, 2, 1).assemble(List.of(
        shelf("high", 0.9, "a", "b", "c"), shelf("low", 0.5, "c", "d", "e")));

    assertThat(ids(home.get(0))).containsExactly("a", "b");
    assertThat(ids(home.get(1))).containsExactly("c", "d");
  }

  @Test
  void shelfBelowTheMinimumIsDroppedAndClaimsNothing() {
    var home = new HomeAssembler(10, 10, 2).assemble(List.of(
        shelf("high", 0.9, "a", "b"), shelf("thin", 0.5, "a", "c"), shelf("low", 0.1, "c", "d")));

    assertThat(home).extracting(ComputedShelf::functionId).containsExactly("high", "low");
    assertThat(ids(home.get(1))).containsExactly("c", "d");
  }

  @Test
  void atMostMaxShelvesAreKept() {
    var home = new HomeAssembler(2, 10, 1).assemble(List.of(
        shelf("a", 0.3, "1"), shelf("b", 0.2, "2"), shelf("c", 0.1, "3")));

    assertThat(home).extracting(ComputedShelf::functionId).containsExactly("a", "b");
  }

  @Test
  void inconsistentLimitsAreRejected() {
    assertThatThrownBy(() -> new HomeAssembler(5, 3, 4)).hasMessageContaining("minItemsPerShelf=4");
  }
}
