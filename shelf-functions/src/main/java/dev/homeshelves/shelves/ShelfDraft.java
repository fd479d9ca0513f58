package dev.homeshelves.shelves;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a shelf function returns: the values of its title placeholders, its cards best first,
 * a score that orders shelves on Home, and provenance (seeds and named inputs) for "explain".
 */
public record ShelfDraft(
    Map<String, String> titleArgs,
    List<Card> cards,
    double score,
    List<String> seedIds,
    Map<String, String> inputs) {

  public ShelfDraft {
    titleArgs = Map.copyOf(titleArgs);
    cards = List.copyOf(cards);
    seedIds = List.copyOf(seedIds);
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Assembles a draft; {@link #buildIfAny()} turns "no cards" into "no shelf". */
  public static final class Builder {
    private final Map<String, String> titleArgs = new LinkedHashMap<>();
    private final List<Card> cards = new ArrayList<>();
    private final List<String> seedIds = new ArrayList<>();
    private final Map<String, String> inputs = new LinkedHashMap<>();
    private double score;

    private Builder() {}

    /** Fills placeholder {@code {name}} of the title. */
    public Builder titleArg(String name, String value) {
      titleArgs.put(name, value);
      return this;
    }

    public Builder card(Card card) {
      cards.add(card);
      return this;
    }

    public Builder cards(List<Card> more) {
      cards.addAll(more);
      return this;
    }

    /** The order of this shelf on Home: higher first. */
    public Builder score(double score) {
      this.score = score;
      return this;
    }

    /** Ids the shelf was seeded from (a track, an artist), for explain. */
    public Builder seed(String id) {
      seedIds.add(id);
      return this;
    }

    /** A named input of the computation, for explain: {@code input("window", "7d")}. */
    public Builder input(String name, Object value) {
      inputs.put(name, String.valueOf(value));
      return this;
    }

    public ShelfDraft build() {
      return new ShelfDraft(titleArgs, cards, score, seedIds, inputs);
    }

    /** The draft, or empty when it has no cards: an empty shelf is no shelf. */
    public Optional<ShelfDraft> buildIfAny() {
      return cards.isEmpty() ? Optional.empty() : Optional.of(build());
    }
  }
}
