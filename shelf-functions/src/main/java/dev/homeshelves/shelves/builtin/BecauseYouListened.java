package dev.homeshelves.shelves.builtin;

import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import java.time.Duration;
import java.util.Optional;

/** "Because you listened to {seed}": neighbours of the track played longest this week. */
@ShelfSpec(
    id = "because-you-listened",
    title = "Because you listened to {seed}",
    description = "Seed: the track with the most time played in the window. Candidates: the"
        + " recommender's tracks most similar to it. Exclusions: every track played in the window.")
public final class BecauseYouListened implements ShelfFunction {
  static final Param<Duration> WINDOW = Param.duration("window", Duration.ofDays(7))
      .between(Duration.ofHours(1), Duration.ofDays(365))
      .describedAs("how far back the seed is looked for; tracks played in it are excluded");
  static final Param<Integer> SIZE = Param.integer("size", 20).between(1, 50)
      .describedAs("cards in the row");
  static final Param<Double> PRIORITY = Param.decimal("priority", 0.9).between(0.0, 10.0)
      .describedAs("shelf score: higher shelves come first on Home");

  @Override
  public Optional<ShelfDraft> compute(ShelfContext ctx) {
    var heard = ctx.plays().since(ctx.ago(ctx.param(WINDOW)));
    var seed = heard.strongestSince(ctx.ago(ctx.param(WINDOW))).flatMap(ctx::track);
    if (seed.isEmpty()) {
      return Optional.empty();
    }

    var similar = ctx.similarTo(seed.get().id(), ctx.param(SIZE), heard.trackIds());
    return ShelfDraft.builder()
        .titleArg("seed", seed.get().title())
        .seed(seed.get().id())
        .input("window", WINDOW.format(ctx.param(WINDOW)))
        .input("excluded", heard.trackIds().size() + " tracks played in the window")
        .score(ctx.param(PRIORITY))
        .cards(ctx.trackCards(similar, "Similar to " + seed.get().title()))
        .buildIfAny();
  }
}
