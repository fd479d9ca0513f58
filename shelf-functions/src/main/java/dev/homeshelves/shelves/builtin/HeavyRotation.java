package dev.homeshelves.shelves.builtin;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.HumanTime;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** "Your heavy rotation": the user's most played tracks of the last four weeks. */
@ShelfSpec(
    id = "heavy-rotation",
    title = "Your heavy rotation",
    description = "Seed: plays in the window (28 days). Candidates: tracks played at least"
        + " min-plays times, most played first, ties by the most recent play. Exclusions: tracks"
        + " missing from the catalog.")
public final class HeavyRotation implements ShelfFunction {
  static final Param<Duration> WINDOW = Param.duration("window", Duration.ofDays(28))
      .between(Duration.ofDays(1), Duration.ofDays(365))
      .describedAs("how far back plays are counted");
  static final Param<Integer> MIN_PLAYS = Param.integer("min-plays", 3).between(1, 1000)
      .describedAs("plays in the window a track needs to be in heavy rotation");
  static final Param<Integer> SIZE = Param.integer("size", 20).between(1, 50)
      .describedAs("cards in the row");
  static final Param<Double> PRIORITY = Param.decimal("priority", 0.7).between(0.0, 10.0)
      .describedAs("shelf score: higher shelves come first on Home");

  @Override
  public Optional<ShelfDraft> compute(ShelfContext ctx) {
    Duration window = ctx.param(WINDOW);
    var shelf = ShelfDraft.builder()
        .score(ctx.param(PRIORITY))
        .input("window", WINDOW.format(window))
        .input("min-plays", ctx.param(MIN_PLAYS));
    int taken = 0;
    for (Map.Entry<String, Integer> count : ctx.plays().countsSince(ctx.ago(window)).entrySet()) {
      if (taken == ctx.param(SIZE) || count.getValue() < ctx.param(MIN_PLAYS)) {
        break;
      }
      var track = ctx.track(count.getKey());
      if (track.isPresent()) {
        shelf.seed(track.get().id()).card(Card.track(track.get(), count.getValue(),
            "Played " + count.getValue() + " times in " + HumanTime.lastWindow(window)));
        taken++;
      }
    }
    return shelf.buildIfAny();
  }
}
