package dev.homeshelves.service.signals;

import com.google.api.gax.rpc.ApiExceptions;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.catalog.Catalog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The load-context step of a recompute: reads a batch of users' plays and follows (one read
 * each, both in flight at once) and builds each user's {@link ShelfContext} with the catalog,
 * the recommender and the trending counts. Plays, likes and follows of items the catalog does
 * not know are left out, so they reach no shelf until the catalog knows them.
 */
public final class LoadContext {

  private final PlayStore plays;
  private final FollowStore follows;
  private final TrendingCache trending;
  private final WorkerModel model;

  public LoadContext(PlayStore plays, FollowStore follows, TrendingCache trending, WorkerModel model) {
    this.plays = plays;
    this.follows = follows;
    this.trending = trending;
    this.model = model;
  }

  /** A user's context and the newest signal it includes. */
  public record UserContext(ShelfContext context, Optional<Instant> lastSignal) {}

  /**
   * Reads the users' data; every user is a key of the result.
   *
   * @param computedAt per user, the {@code now} of their context (their shelves' version)
   */
  public Map<String, UserContext> load(Map<String, Instant> computedAt) {
    var ids = List.copyOf(computedAt.keySet());
    var historiesRead = plays.historiesAsync(ids);
    var followsRead = follows.readAllAsync(ids);
    var histories = ApiExceptions.callAndTranslateApiException(historiesRead);
    var followed = ApiExceptions.callAndTranslateApiException(followsRead);
    var contexts = new java.util.LinkedHashMap<String, UserContext>(ids.size() * 2);
    for (var id : ids) {
      contexts.put(id, context(id, computedAt.get(id), histories.get(id), followed.get(id)));
    }
    return contexts;
  }

  /** The context of the default Home: no user, no history. */
  public ShelfContext defaultHome(String rowKey, Instant now) {
    return context(rowKey, now, List.of(), new FollowStore.Follows(List.of(), List.of())).context();
  }

  private UserContext context(String userId, Instant now, List<PlayStore.StoredPlay> history,
      FollowStore.Follows followed) {
    Catalog catalog = model.catalog();
    var knownPlays = history.stream().filter(p -> catalog.containsTrack(p.trackId())).toList();
    var artists = followed.artists().stream().filter(a -> catalog.artist(a.id()).isPresent()).toList();
    var likes = followed.likedTracks().stream().filter(t -> catalog.containsTrack(t.id())).toList();
    var lastSignal = Stream.concat(
            knownPlays.stream().map(PlayStore.StoredPlay::playedAt),
            Stream.concat(artists.stream(), likes.stream()).map(FollowStore.Followed::since))
        .max(Instant::compareTo);
    var builder = ShelfContext.builder()
        .userId(userId)
        .now(now)
        .plays(knownPlays.stream().map(p -> new Play(p.trackId(), p.playedAt(), p.msPlayed())).toList())
        .followedArtists(artists.stream().map(FollowStore.Followed::id).toList())
        .likedTracks(likes.stream().map(FollowStore.Followed::id).toList())
        .catalog(catalog)
        .trending(trending.current());
    model.recommender().ifPresent(builder::recommender);
    return new UserContext(builder.build(), lastSignal);
  }
}
