package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.FollowRows;
import dev.homeshelves.service.store.PlayRows;
import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.Trending;
import dev.homeshelves.shelves.catalog.Catalog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds a user's {@link ShelfContext} from their stored plays and follows, the model and the
 * trending counts: the part of the load-context step that the worker ({@code LoadContext}) and
 * the pipeline share. Plays, likes and follows of items the catalog does not know are left out,
 * so they reach no shelf until the catalog knows them.
 */
public final class UserContexts {

  private UserContexts() {}

  /** A user's context and the newest signal it includes. */
  public record UserContext(ShelfContext context, Optional<Instant> lastSignal) {}

  public static UserContext build(String userId, Instant now, List<PlayRows.StoredPlay> history,
      FollowRows.Follows followed, WorkerModel model, Trending trending) {
    Catalog catalog = model.catalog();
    var knownPlays = history.stream().filter(p -> catalog.containsTrack(p.trackId())).toList();
    var artists = followed.artists().stream().filter(a -> catalog.artist(a.id()).isPresent()).toList();
    var likes = followed.likedTracks().stream().filter(t -> catalog.containsTrack(t.id())).toList();
    var lastSignal = Stream.concat(
            knownPlays.stream().map(PlayRows.StoredPlay::playedAt),
            Stream.concat(artists.stream(), likes.stream()).map(FollowRows.Followed::since))
        .max(Instant::compareTo);
    var builder = ShelfContext.builder()
        .userId(userId)
        .now(now)
        .plays(knownPlays.stream().map(p -> new Play(p.trackId(), p.playedAt(), p.msPlayed())).toList())
        .followedArtists(artists.stream().map(FollowRows.Followed::id).toList())
        .likedTracks(likes.stream().map(FollowRows.Followed::id).toList())
        .catalog(catalog)
        .trending(trending);
    model.recommender().ifPresent(builder::recommender);
    return new UserContext(builder.build(), lastSignal);
  }

  /** The context of the default Home: no user, no history. */
  public static ShelfContext defaultHome(String rowKey, Instant now, WorkerModel model, Trending trending) {
    return build(rowKey, now, List.of(), new FollowRows.Follows(List.of(), List.of()), model, trending).context();
  }
}
