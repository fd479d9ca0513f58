package dev.homeshelves.shelves.builtin;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.HumanTime;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import dev.homeshelves.shelves.catalog.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** "Jump back in": the tracks the user played last, distinct, newest first. */
@ShelfSpec(
    id = "recently-played",
    title = "Jump back in",
    description = "Seed: the play history. Candidates: the distinct tracks played most recently,"
        + " newest first. Exclusions: tracks missing from the catalog.")
public final class RecentlyPlayed implements ShelfFunction {
  static final Param<Integer> SIZE = Param.integer("size", 12).between(1, 50)
      .describedAs("cards in the row");
  static final Param<Double> PRIORITY = Param.decimal("priority", 1.0).between(0.0, 10.0)
      .describedAs("shelf score: higher shelves come first on Home");

  @Override
  public Optional<ShelfDraft> compute(ShelfContext ctx) {
    List<Track> recent = new ArrayList<>();
    for (String id : ctx.plays().recentDistinctTracks(Integer.MAX_VALUE)) {
      if (recent.size() == ctx.param(SIZE)) {
        break;
      }
      ctx.track(id).ifPresent(recent::add);
    }

    var shelf = ShelfDraft.builder().score(ctx.param(PRIORITY)).input("plays", ctx.plays().size());
    for (int rank = 0; rank < recent.size(); rank++) {
      Track track = recent.get(rank);
      var lastPlayed = ctx.plays().lastPlayOf(track.id()).orElseThrow().at();
      shelf.seed(track.id()).card(Card.track(track, 1.0 / (rank + 1),
          "You played this " + HumanTime.ago(lastPlayed, ctx.now())));
    }
    return shelf.buildIfAny();
  }
}
