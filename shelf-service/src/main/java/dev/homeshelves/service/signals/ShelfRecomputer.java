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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes users' Homes: reads their plays and follows, builds the context (with the
 * catalog, recommender and trending counts), runs the planned shelf functions isolated, and
 * writes every shelf computed as a new cell version, one row mutation per user. A batch of
 * users shares one read of plays, one of follows and one bulk write.
 *
 * <p>Ordering between replicas: the clock is read BEFORE the user's data, and that instant is
 * the shelves' {@code computed_at} and cell timestamp. Plays are durable before a user is
 * marked dirty, so a later start reads a superset of the data; readers take the newest cell, so
 * an older computation that finishes last is stored but never served over a newer one.
 */
public final class ShelfRecomputer {

  private static final Logger LOG = LoggerFactory.getLogger(ShelfRecomputer.class);

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

  /**
   * Recomputes and writes one user's shelves; {@code signalTimes} feed the freshness histogram.
   *
   * @throws RuntimeException when the user's data could not be read or the shelves not written
   */
  public void recompute(DirtyUser user) {
    var failed = recomputeAll(List.of(user));
    if (!failed.isEmpty()) {
      var cause = failed.get(0).cause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }

  /**
   * Recomputes a batch of users with one read of their plays, one of their follows and one
   * bulk write of their shelves, instead of three round trips per user. Each user stays
   * isolated: their functions run with their own time budget, their row is written or fails on
   * its own, and when the batch read fails every user is retried alone, so one bad user costs
   * the others one extra round trip, not their recompute. Freshness is recorded for the users
   * written.
   *
   * @return the users whose recompute failed (already counted and logged); empty when all
   *     were written
   */
  public List<Failure> recomputeAll(List<DirtyUser> users) {
    if (users.isEmpty()) {
      return List.of();
    }
    long started = System.nanoTime();
    var computedAt = clock.instant();
    var ids = users.stream().map(DirtyUser::userId).toList();
    UserData data;
    try {
      data = read(ids);
    } catch (RuntimeException e) {
      if (users.size() == 1) {
        return List.of(failed(users.get(0).userId(), e));
      }
      LOG.warn("reading a batch of {} users failed ({}); recomputing each alone", users.size(), e.toString());
      var failures = new ArrayList<Failure>();
      for (var user : users) {
        failures.addAll(recomputeAll(List.of(user)));
      }
      return failures;
    }
    long read = System.nanoTime() - started;

    var computed = new LinkedHashMap<String, ShelfStore.Recomputed>();
    var functionTimes = new HashMap<String, Long>();
    var failures = new ArrayList<Failure>();
    for (var id : ids) {
      long running = System.nanoTime();
      try {
        computed.put(id, run(id, computedAt, data.histories().get(id), data.follows().get(id)));
      } catch (RuntimeException e) {
        failures.add(failed(id, e));
      }
      functionTimes.put(id, System.nanoTime() - running);
    }

    long writing = System.nanoTime();
    Map<String, Throwable> notWritten;
    try {
      notWritten = shelves.replaceShelvesOfUsers(computed);
    } catch (RuntimeException e) {
      notWritten = new HashMap<>();
      for (var id : computed.keySet()) {
        notWritten.put(id, e);
      }
    }
    var written = clock.instant();
    long write = System.nanoTime() - writing;
    long took = System.nanoTime() - started;
    notWritten.forEach((id, e) -> failures.add(failed(id, e)));
    for (var user : users) {
      if (!computed.containsKey(user.userId()) || notWritten.containsKey(user.userId())) {
        continue;
      }
      // Each user of the batch waited for the batch's read and write, and for their own functions.
      metrics.recomputePhase(WorkerMetrics.Phase.READ, Duration.ofNanos(read));
      metrics.recomputePhase(WorkerMetrics.Phase.FUNCTIONS, Duration.ofNanos(functionTimes.get(user.userId())));
      metrics.recomputePhase(WorkerMetrics.Phase.WRITE, Duration.ofNanos(write));
      metrics.recompute(Duration.ofNanos(took));
      for (var t : user.signalTimes()) {
        metrics.freshness(Duration.between(t, written));
      }
    }
    metrics.recomputeBatch(users.size());
    return failures;
  }

  private Failure failed(String userId, Throwable cause) {
    metrics.recomputeFailed();
    LOG.warn("recompute of user {} failed; the next signal retries it: {}", userId, cause.toString());
    return new Failure(userId, cause);
  }

  /** A user whose recompute failed, and why. */
  public record Failure(String userId, Throwable cause) {}

  /** The user's shelves as of now, computed but not written. */
  public List<Shelf> compute(String userId) {
    return computation(userId).shelves();
  }

  /** The user's shelves as of now and the functions that failed, computed but not written. */
  public ShelfStore.Recomputed computation(String userId) {
    var computedAt = clock.instant();
    long reading = System.nanoTime();
    var data = read(List.of(userId));
    long running = System.nanoTime();
    metrics.recomputePhase(WorkerMetrics.Phase.READ, Duration.ofNanos(running - reading));
    var computed = run(userId, computedAt, data.histories().get(userId), data.follows().get(userId));
    metrics.recomputePhase(WorkerMetrics.Phase.FUNCTIONS, Duration.ofNanos(System.nanoTime() - running));
    return computed;
  }

  /** The plays and follows of some users, each user a key of both maps. */
  private record UserData(
      Map<String, List<PlayStore.StoredPlay>> histories, Map<String, FollowStore.Follows> follows) {}

  private UserData read(List<String> userIds) {
    // Both reads in flight at once: the users wait one storage round trip, not two.
    var historiesRead = plays.historiesAsync(userIds);
    var followsRead = follows.readAllAsync(userIds);
    return new UserData(ApiExceptions.callAndTranslateApiException(historiesRead),
        ApiExceptions.callAndTranslateApiException(followsRead));
  }

  /** Runs the user's planned functions over their data; failed or empty shelves are left out. */
  private ShelfStore.Recomputed run(String userId, Instant computedAt, List<PlayStore.StoredPlay> history,
      FollowStore.Follows followed) {
    var ctx = context(userId, computedAt, history, followed);
    var lastSignal = Stream.concat(
            history.stream().map(PlayStore.StoredPlay::playedAt),
            Stream.concat(followed.artists().stream(), followed.likedTracks().stream()).map(FollowStore.Followed::since))
        .max(Instant::compareTo);
    return recomputed(plan.forUser(userId), ctx, computedAt, lastSignal);
  }

  /** Recomputes and writes the default Home (trending-now and whatever else needs no history). */
  public void refreshDefaultHome() {
    shelves.replaceDefaultHome(recomputedDefaultHome());
  }

  /** The default Home: every function run for a user with no history (trending-now etc.). */
  public List<Shelf> defaultHome() {
    return recomputedDefaultHome().shelves();
  }

  private ShelfStore.Recomputed recomputedDefaultHome() {
    var computedAt = clock.instant();
    var ctx = context(ShelfStore.DEFAULT_ROW, computedAt, List.of(), new FollowStore.Follows(List.of(), List.of()));
    return recomputed(plan.forDefaultHome(), ctx, computedAt, Optional.empty());
  }

  /**
   * Runs the planned functions: the shelves produced, and the functions that failed or overran
   * (no result), whose previous shelf stays. A function that returned nothing has no shelf any
   * more: the write removes it (ShelfStore.replaceShelves).
   */
  private ShelfStore.Recomputed recomputed(List<FunctionRunner.Run> runs, ShelfContext ctx, Instant computedAt,
      Optional<Instant> lastSignal) {
    var computed = new ArrayList<Shelf>();
    var failed = new HashSet<String>();
    runs.forEach(run -> failed.add(run.shelf().id()));
    for (var result : runner.runAll(runs, ctx)) {
      failed.remove(result.run().shelf().id());
      result.shelf().ifPresent(s -> computed.add(ShelfProtos.toProto(s, result.run().variant(), computedAt, lastSignal)));
    }
    return new ShelfStore.Recomputed(computed, failed);
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
