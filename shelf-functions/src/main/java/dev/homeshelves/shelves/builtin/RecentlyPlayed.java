package dev.homeshelves.shelves.builtin;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.HumanTime;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** "Jump back in": the tracks (or artists) the user played last, distinct, newest first. */
@ShelfSpec(
    id = "recently-played",
    title = "Jump back in",
    description = "Seed: the play history. Candidates: the distinct tracks played most recently,"
        + " newest first, or their artists when 'artists' is on. Exclusions: tracks missing from"
        + " the catalog.")
public final class RecentlyPlayed implements ShelfFunction {
  static final Param<Boolean> ARTISTS = Param.flag("artists", false)
      .describedAs("show the artists of the recent plays instead of the tracks");
  static final Param<Integer> SIZE = Param.integer("size", 12).between(1, 50)
      .describedAs("cards in the row");
  static final Param<Double> PRIORITY = Param.decimal("priority", 1.0).between(0.0, 10.0)
      .describedAs("shelf score: higher shelves come first on Home");

  @Override
  public Optional<ShelfDraft> compute(ShelfContext ctx) {
    var shelf = ShelfDraft.builder().score(ctx.param(PRIORITY)).input("plays", ctx.plays().size());
    Set<String> shown = new HashSet<>();
    // Plays are newest first, so the first play of an item is its latest.
    for (Play play : ctx.plays().all()) {
      if (shown.size() == ctx.param(SIZE)) {
        break;
      }
      var track = ctx.track(play.trackId());
      if (track.isEmpty()) {
        continue;
      }
      String itemId = ctx.param(ARTISTS) ? track.get().artistId() : track.get().id();
      if (!shown.add(itemId)) {
        continue;
      }
      double score = 1.0 / shown.size();
      String reason = "You played this " + HumanTime.ago(play.at(), ctx.now());
      Optional<Card> card = ctx.param(ARTISTS)
          ? ctx.artist(itemId).map(a -> Card.artist(a, score, reason))
          : Optional.of(Card.track(track.get(), score, reason));
      card.ifPresent(c -> shelf.seed(itemId).card(c));
    }
    return shelf.buildIfAny();
  }
}
