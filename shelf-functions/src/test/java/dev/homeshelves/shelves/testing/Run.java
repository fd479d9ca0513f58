package dev.homeshelves.shelves.testing;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.ComputedShelf;
import dev.homeshelves.shelves.RegisteredShelf;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfFunctions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs one shelf as the worker does: registered (spec validated), title filled, params parsed. */
public final class Run {
  private Run() {}

  public static Optional<ComputedShelf> shelf(ShelfFunction function, ShelfContext ctx) {
    return shelf(function, ctx, Map.of());
  }

  public static Optional<ComputedShelf> shelf(ShelfFunction function, ShelfContext ctx, Map<String, String> overrides) {
    RegisteredShelf shelf = ShelfFunctions.of(List.of(function)).all().get(0);
    return shelf.compute(ctx, shelf.parseParams(overrides));
  }

  /** The item ids of the shelf's cards, in order. */
  public static List<String> ids(ComputedShelf shelf) {
    return shelf.cards().stream().map(Card::itemId).toList();
  }
}
