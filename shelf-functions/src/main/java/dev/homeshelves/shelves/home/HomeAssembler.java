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
 * Turns shelves into a Home: best shelf first, each card shown once (the higher-ranked shelf
 * keeps it), at most {@code maxItemsPerShelf} cards per shelf and {@code maxShelves} shelves,
 * and a shelf left with fewer than {@code minItemsPerShelf} cards after de-duplication dropped
 * (the thin-shelf rule). GetHome runs it on every answer (over the stored {@code Shelf}
 * messages, in the order experiments gave them, through a {@link ShelfModel}); {@link
 * #assemble} runs the same rules over computed shelves ranked by score.
 */
public final class HomeAssembler {
  /** Higher score first; equal scores by function id, so the order is stable. */
  private static final Comparator<ComputedShelf> RANK =
      Comparator.comparingDouble(ComputedShelf::score).reversed()
          .thenComparing(ComputedShelf::functionId);

  /**
   * How the assembler sees one representation of a shelf and its cards.
   *
   * @param <S> the shelf type
   * @param <C> the card type
   */
  public interface ShelfModel<S, C> {
    /** The shelf's cards, best first. */
    List<C> cards(S shelf);

    /** What makes two cards the same card across shelves (kind and item id). */
    Object key(C card);

    /** The shelf showing only {@code cards}. */
    S withCards(S shelf, List<C> cards);
  }

  private static final ShelfModel<ComputedShelf, Card> COMPUTED = new ShelfModel<>() {
    @Override
    public List<Card> cards(ComputedShelf shelf) {
      return shelf.cards();
    }

    @Override
    public Object key(Card card) {
      return card.key();
    }

    @Override
    public ComputedShelf withCards(ComputedShelf shelf, List<Card> cards) {
      return shelf.withCards(cards);
    }
  };

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

  /** The Home for these computed shelves, ranked by score, in display order. */
  public List<ComputedShelf> assemble(Collection<ComputedShelf> shelves) {
    List<ComputedShelf> ranked = new ArrayList<>(shelves);
    ranked.sort(RANK);
    return assembleInOrder(ranked, COMPUTED);
  }

  /** The Home for shelves already in display order (best first), read through {@code model}. */
  public <S, C> List<S> assembleInOrder(List<S> ranked, ShelfModel<S, C> model) {
    // One set for the whole Home (GetHome runs this on every call): a shelf claims its cards as
    // it takes them, which also skips a card repeated within the shelf, and gives them back
    // when it turns out too thin to show.
    Set<Object> shown = new HashSet<>();
    List<S> home = new ArrayList<>(Math.min(ranked.size(), maxShelves));
    for (S shelf : ranked) {
      if (home.size() == maxShelves) {
        break;
      }
      List<C> offered = model.cards(shelf);
      List<C> cards = new ArrayList<>(Math.min(offered.size(), maxItemsPerShelf));
      for (C card : offered) {
        if (cards.size() == maxItemsPerShelf) {
          break;
        }
        if (shown.add(model.key(card))) {
          cards.add(card);
        }
      }
      // Only the cards actually shown are claimed: a card a dropped or trimmed shelf does not
      // show stays available to the shelves below.
      if (cards.size() >= minItemsPerShelf) {
        home.add(model.withCards(shelf, cards));
      } else {
        cards.forEach(card -> shown.remove(model.key(card)));
      }
    }
    return home;
  }
}
