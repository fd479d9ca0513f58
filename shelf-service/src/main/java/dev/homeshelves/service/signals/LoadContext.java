package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.FollowRows;
import dev.homeshelves.service.store.PlayRows;
import com.google.api.gax.rpc.ApiExceptions;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.shelves.ShelfContext;
import java.time.Instant;
import dev.homeshelves.service.signals.UserContexts.UserContext;
import java.util.List;
import java.util.Map;

/**
 * The load-context step of a recompute: reads a batch of users' plays and follows (one read
 * each, both in flight at once) and builds each user's {@link ShelfContext} with the catalog,
 * the recommender and the trending counts ({@link UserContexts}).
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
    return UserContexts.defaultHome(rowKey, now, model, trending.current());
  }

  private UserContext context(String userId, Instant now, List<PlayRows.StoredPlay> history,
      FollowRows.Follows followed) {
    return UserContexts.build(userId, now, history, followed, model, trending.current());
  }
}
