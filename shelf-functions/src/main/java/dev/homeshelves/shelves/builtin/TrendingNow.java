package dev.homeshelves.shelves.builtin;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.HumanTime;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import dev.homeshelves.shelves.TrendingItem;
import java.util.Optional;

/** "Trending now": what everyone played most over the trending window; needs no history. */
@ShelfSpec(
    id = "trending-now",
    title = "Trending now",
    description = "Seed: none (works for new users; the default Home uses it). Candidates: the"
        + " items with the highest global play counts in the trending window. Exclusions: items"
        + " missing from the catalog.")
public final class TrendingNow implements ShelfFunction {
  static final Param<Integer> SIZE = Param.integer("size", 20).between(1, 50)
      .describedAs("cards in the row");
  static final Param<Double> PRIORITY = Param.decimal("priority", 0.3).between(0.0, 10.0)
      .describedAs("shelf score: higher shelves come first on Home");

  @Override
  public Optional<ShelfDraft> compute(ShelfContext ctx) {
    var trending = ctx.trending();
    var shelf = ShelfDraft.builder()
        .score(ctx.param(PRIORITY))
        .input("window", HumanTime.lastWindow(trending.window()))
        .input("trending items", trending.items().size());
    int taken = 0;
    for (TrendingItem item : trending.items()) {
      if (taken == ctx.param(SIZE)) {
        break;
      }
      String reason = item.count() + (item.count() == 1 ? " play" : " plays") + " in "
          + HumanTime.lastWindow(trending.window());
      Optional<Card> card = ctx.track(item.itemId())
          .map(t -> Card.track(t, item.count(), reason))
          .or(() -> ctx.artist(item.itemId()).map(a -> Card.artist(a, item.count(), reason)));
      if (card.isPresent()) {
        shelf.card(card.get());
        taken++;
      }
    }
    return shelf.buildIfAny();
  }
}
