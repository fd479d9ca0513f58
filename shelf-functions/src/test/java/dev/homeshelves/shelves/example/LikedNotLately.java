package dev.homeshelves.shelves.example;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** "Liked, not played lately": tracks the user liked but has not played for a while. */
@ShelfSpec(
    id = "example-liked-not-lately",
    title = "Liked, not played lately",
    description = "Seed: liked tracks. Candidates: liked tracks, most recently liked first."
        + " Exclusions: tracks played in the window.")
public final class LikedNotLately implements ShelfFunction {
  static final Param<Duration> WINDOW = Param.duration("window", Duration.ofDays(14))
      .atLeast(Duration.ofDays(1))
      .describedAs("a liked track played in this window is left out");
  static final Param<Integer> SIZE = Param.integer("size", 10).between(1, 50)
      .describedAs("cards in the row");

  @Override
  public Optional<ShelfDraft> compute(ShelfContext ctx) {
    Set<String> playedLately = ctx.plays().since(ctx.ago(ctx.param(WINDOW))).trackIds();

    var shelf = ShelfDraft.builder().score(0.5).input("window", WINDOW.format(ctx.param(WINDOW)));
    ctx.likedTracks().stream()
        .filter(id -> !playedLately.contains(id))
        .flatMap(id -> ctx.track(id).stream())
        .limit(ctx.param(SIZE))
        .forEach(track -> shelf.seed(track.id()).card(Card.track(track, 1.0, "You liked this")));
    return shelf.buildIfAny();
  }
}
