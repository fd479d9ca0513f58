package dev.homeshelves.shelves.builtin;

import dev.homeshelves.shelves.Diversity;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import dev.homeshelves.shelves.catalog.Artist;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** "More like {artist}": other artists' tracks closest to the user's top artist. */
@ShelfSpec(
    id = "more-like-artist",
    title = "More like {artist}",
    description = "Seed: the artist with the most plays in the window, else the most recently"
        + " followed artist. Candidates: the recommender's tracks for all of that artist's"
        + " tracks (the artist vector), at most per-artist tracks of one artist. Exclusions: the"
        + " seed artist's own tracks.")
public final class MoreLikeArtist implements ShelfFunction {
  static final Param<Duration> WINDOW = Param.duration("window", Duration.ofDays(30))
      .between(Duration.ofDays(1), Duration.ofDays(365))
      .describedAs("how far back the top artist is looked for");
  static final Param<Integer> PER_ARTIST = Param.integer("per-artist", 2).between(1, 50)
      .describedAs("diversity: at most this many cards of one artist");
  static final Param<Integer> SIZE = Param.integer("size", 20).between(1, 50)
      .describedAs("cards in the row");
  static final Param<Double> PRIORITY = Param.decimal("priority", 0.6).between(0.0, 10.0)
      .describedAs("shelf score: higher shelves come first on Home");

  @Override
  public Optional<ShelfDraft> compute(ShelfContext ctx) {
    var fromPlays = topArtist(ctx);
    var seed = fromPlays.or(() -> ctx.followedArtists().stream()
        .map(ctx::artist).flatMap(Optional::stream).findFirst());
    if (seed.isEmpty()) {
      return Optional.empty();
    }
    Artist artist = seed.get();

    Map<String, Double> artistTracks = new LinkedHashMap<>();
    artist.trackIds().forEach(id -> artistTracks.put(id, 1.0));
    int size = ctx.param(SIZE);
    var candidates = ctx.recommend(artistTracks, size * 5, artistTracks.keySet());
    var picked = Diversity.capPerArtist(candidates, ctx.catalog(), ctx.param(PER_ARTIST), size);

    return ShelfDraft.builder()
        .titleArg("artist", artist.name())
        .seed(artist.id())
        .input("seed from", fromPlays.isPresent() ? "plays in the last " + WINDOW.format(ctx.param(WINDOW)) : "follows")
        .input("artist tracks", artist.trackIds().size())
        .score(ctx.param(PRIORITY))
        .cards(ctx.trackCards(picked, "Similar to " + artist.name()))
        .buildIfAny();
  }

  /** The artist played most in the window; ties go to the most recently played. */
  private static Optional<Artist> topArtist(ShelfContext ctx) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Play p : ctx.plays().since(ctx.ago(ctx.param(WINDOW))).all()) {
      ctx.track(p.trackId()).ifPresent(t -> counts.merge(t.artistId(), 1, Integer::sum));
    }
    String best = null;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (best == null || e.getValue() > counts.get(best)) {
        best = e.getKey();
      }
    }
    return Optional.ofNullable(best).flatMap(ctx::artist);
  }
}
