package dev.homeshelves.shelves;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A discovered shelf: its function, its spec (id, title template, description) and its
 * declared parameters. Runs the function with a variant's parameters and fills the title.
 */
public final class RegisteredShelf {
  private final String id;
  private final TitleTemplate title;
  private final String description;
  private final List<Param<?>> params;
  private final ShelfFunction function;

  RegisteredShelf(String id, TitleTemplate title, String description, List<Param<?>> params,
      ShelfFunction function) {
    this.id = id;
    this.title = title;
    this.description = description;
    this.params = List.copyOf(params);
    this.function = function;
  }

  public String id() {
    return id;
  }

  public TitleTemplate title() {
    return title;
  }

  public String description() {
    return description;
  }

  /** The declared parameters, in declaration order. */
  public List<Param<?>> params() {
    return params;
  }

  public ShelfFunction function() {
    return function;
  }

  /**
   * Validates text overrides (from an experiment variant) against the declared parameters;
   * throws {@link InvalidParamException} naming the shelf, the parameter and the rule.
   */
  public ParamValues parseParams(Map<String, String> overrides) {
    return ParamValues.parse(id, params, overrides);
  }

  /** Runs the function with the defaults. */
  public Optional<ComputedShelf> compute(ShelfContext ctx) {
    return compute(ctx, ParamValues.defaults());
  }

  /**
   * Runs the function with {@code values} and fills the title. Exceptions of the function
   * propagate: the caller isolates shelves from each other.
   */
  public Optional<ComputedShelf> compute(ShelfContext ctx, ParamValues values) {
    Optional<ShelfDraft> draft = function.compute(ctx.withParams(values));
    return draft
        .filter(d -> !d.cards().isEmpty())
        .map(d -> new ComputedShelf(id, title.fill(d.titleArgs()), d.cards(), d.score(),
            d.seedIds(), d.inputs(), values.overridesAsText(), ctx.now()));
  }

  @Override
  public String toString() {
    return id + " (" + function.getClass().getName() + ")";
  }
}
