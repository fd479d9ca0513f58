package dev.homeshelves.service.signals;

import com.google.api.gax.rpc.ApiExceptions;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.signals.RecomputeScheduler.DirtyUser;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.ShelfContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recomputes one user's Home: reads their plays and follows, builds the context (with the
 * catalog, recommender and trending counts), runs the planned shelf functions isolated, and
 * writes every shelf computed as a new cell version in one row mutation.
 *
 * <p>Ordering between replicas: the clock is read BEFORE the user's data, and that instant is
 * the shelves' {@code computed_at} and cell timestamp. Plays are durable before a user is
 * marked dirty, so a later start reads a superset of the data; readers take the newest cell, so
 * an older computation that finishes last is stored but never served over a newer one.
 */
public final class ShelfRecomputer {

  private final PlayStore plays;
  private final FollowStore follows;
  private final ShelfStore shelves;
  private final TrendingCache trending;
  private final WorkerModel model;
  private final RunPlan plan;
  private final FunctionRunner runner;
  private final WorkerMetrics metrics;
  private final Clock clock;

  /**
   * @param plan which functions to run, with which parameters and variant label (the
   *     experiments hook)
   */
  public ShelfRecomputer(PlayStore plays, FollowStore follows, ShelfStore shelves,
      TrendingCache trending, WorkerModel model, RunPlan plan,
      FunctionRunner runner, WorkerMetrics metrics, Clock clock) {
    this.plays = plays;
    this.follows = follows;
    this.shelves = shelves;
    this.trending = trending;
    this.model = model;
    this.plan = plan;
    this.runner = runner;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** A recomputer over the Bigtable stores. */
  public static ShelfRecomputer overBigtable(com.google.cloud.bigtable.data.v2.BigtableDataClient bigtable,
      WorkerSettings settings, TrendingCache trending, WorkerModel model,
      RunPlan plan, FunctionRunner runner, WorkerMetrics metrics, Clock clock) {
    return new ShelfRecomputer(new PlayStore(bigtable, settings.playHistory()), new FollowStore(bigtable),
        new ShelfStore(bigtable), trending, model, plan, runner, metrics, clock);
  }

  /** Recomputes and writes the user's shelves; {@code signalTimes} feed the freshness histogram. */
  public void recompute(DirtyUser user) {
    long started = System.nanoTime();
    // Functions that failed, overran or had nothing for this user are not in the list: their
    // previous cells stay.
    var computed = compute(user.userId());
    long writing = System.nanoTime();
    shelves.writeShelves(user.userId(), computed);
    var written = clock.instant();
    metrics.recomputePhase(WorkerMetrics.Phase.WRITE, Duration.ofNanos(System.nanoTime() - writing));
    metrics.recompute(Duration.ofNanos(System.nanoTime() - started));
    for (var t : user.signalTimes()) {
      metrics.freshness(Duration.between(t, written));
    }
  }

  /** The user's shelves as of now, computed but not written. */
  public List<Shelf> compute(String userId) {
    var computedAt = clock.instant();
    long reading = System.nanoTime();
    // Both reads in flight at once: a recompute waits one storage round trip, not two.
    var historyRead = plays.historyAsync(userId);
    var followsRead = follows.readAsync(userId);
    var history = ApiExceptions.callAndTranslateApiException(historyRead);
    var followed = ApiExceptions.callAndTranslateApiException(followsRead);
    long running = System.nanoTime();
    metrics.recomputePhase(WorkerMetrics.Phase.READ, Duration.ofNanos(running - reading));
    var ctx = context(userId, computedAt, history, followed);
    var lastSignal = Stream.concat(
            history.stream().map(PlayStore.StoredPlay::playedAt),
            Stream.concat(followed.artists().stream(), followed.likedTracks().stream()).map(FollowStore.Followed::since))
        .max(Instant::compareTo);
    var computed = new ArrayList<Shelf>();
    for (var result : runner.runAll(plan.forUser(userId), ctx)) {
      result.shelf().ifPresent(s -> computed.add(
          ShelfProtos.toProto(s, result.run().variant(), computedAt, lastSignal)));
    }
    metrics.recomputePhase(WorkerMetrics.Phase.FUNCTIONS, Duration.ofNanos(System.nanoTime() - running));
    return computed;
  }

  /** Recomputes and writes the default Home (trending-now and whatever else needs no history). */
  public void refreshDefaultHome() {
    shelves.writeDefaultHome(defaultHome());
  }

  /** The default Home: every function run for a user with no history (trending-now etc.). */
  public List<Shelf> defaultHome() {
    var computedAt = clock.instant();
    var ctx = context(ShelfStore.DEFAULT_ROW, computedAt, List.of(), new FollowStore.Follows(List.of(), List.of()));
    var computed = new ArrayList<Shelf>();
    for (var result : runner.runAll(plan.forDefaultHome(), ctx)) {
      result.shelf().ifPresent(s -> computed.add(
          ShelfProtos.toProto(s, result.run().variant(), computedAt, Optional.empty())));
    }
    return computed;
  }

  private ShelfContext context(String userId, Instant now, List<PlayStore.StoredPlay> history,
      FollowStore.Follows followed) {
    var builder = ShelfContext.builder()
        .userId(userId)
        .now(now)
        .plays(history.stream().map(p -> new Play(p.trackId(), p.playedAt(), p.msPlayed())).toList())
        .followedArtists(followed.artists().stream().map(FollowStore.Followed::id).toList())
        .likedTracks(followed.likedTracks().stream().map(FollowStore.Followed::id).toList())
        .catalog(model.catalog())
        .trending(trending.current());
    model.recommender().ifPresent(builder::recommender);
    return builder.build();
  }
}
