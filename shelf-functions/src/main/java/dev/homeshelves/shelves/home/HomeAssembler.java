package dev.homeshelves.shelves.home;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.ComputedShelf;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a user's computed shelves into a Home: best shelf first, each card shown once (the
 * higher-ranked shelf keeps it), at most {@code maxItemsPerShelf} cards per shelf and
 * {@code maxShelves} shelves, empty shelves dropped.
 */
public final class HomeAssembler {
  /** Higher score first; equal scores by function id, so the order is stable. */
  private static final Comparator<ComputedShelf> RANK =
      Comparator.comparingDouble(ComputedShelf::score).reversed()
          .thenComparing(ComputedShelf::functionId);

  private final int maxShelves;
  private final int maxItemsPerShelf;
  private final int minItemsPerShelf;

  /**
   * @param maxShelves shelves on Home at most
   * @param maxItemsPerShelf cards per shelf at most
   * @param minItemsPerShelf a shelf left with fewer cards after deduplication is dropped (1 keeps
   *     every non-empty shelf)
   */
  public HomeAssembler(int maxShelves, int maxItemsPerShelf, int minItemsPerShelf) {
    if (maxShelves < 1 || minItemsPerShelf < 1 || minItemsPerShelf > maxItemsPerShelf) {
      throw new IllegalArgumentException(
          "need maxShelves >= 1 and 1 <= minItemsPerShelf <= maxItemsPerShelf, got maxShelves="
              + maxShelves + " maxItemsPerShelf=" + maxItemsPerShelf
              + " minItemsPerShelf=" + minItemsPerShelf);
    }
    this.maxShelves = maxShelves;
    this.maxItemsPerShelf = maxItemsPerShelf;
    this.minItemsPerShelf = minItemsPerShelf;
  }

  /** The Home for these shelves, in display order. */
  public List<ComputedShelf> assemble(Collection<ComputedShelf> shelves) {
    List<ComputedShelf> ranked = new ArrayList<>(shelves);
    ranked.sort(RANK);
    Set<String> shown = new HashSet<>();
    List<ComputedShelf> home = new ArrayList<>();
    for (ComputedShelf shelf : ranked) {
      if (home.size() == maxShelves) {
        break;
      }
      List<Card> cards = new ArrayList<>();
      Set<String> inShelf = new HashSet<>();
      for (Card card : shelf.cards()) {
        if (cards.size() == maxItemsPerShelf) {
          break;
        }
        if (!shown.contains(card.key()) && inShelf.add(card.key())) {
          cards.add(card);
        }
      }
      // Only the cards actually shown are claimed: a card a dropped or trimmed shelf does not
      // show stays available to the shelves below.
      if (cards.size() >= minItemsPerShelf) {
        cards.forEach(c -> shown.add(c.key()));
        home.add(shelf.withCards(cards));
      }
    }
    return home;
  }
}
