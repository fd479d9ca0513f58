package dev.homeshelves.shelves;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shelf ready to store and show: the function that made it, its filled-in title, cards,
 * score, and provenance (seeds, named inputs, parameter overrides, the clock) for explain.
 */
public record ComputedShelf(
    String functionId,
    String title,
    List<Card> cards,
    double score,
    List<String> seedIds,
    Map<String, String> inputs,
    Map<String, String> paramOverrides,
    Instant computedAt) {

  public ComputedShelf {
    cards = List.copyOf(cards);
    seedIds = List.copyOf(seedIds);
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    paramOverrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(paramOverrides));
  }

  /** The same shelf with other cards (Home assembly trims and deduplicates). */
  public ComputedShelf withCards(List<Card> newCards) {
    return new ComputedShelf(functionId, title, newCards, score, seedIds, inputs, paramOverrides, computedAt);
  }
}
