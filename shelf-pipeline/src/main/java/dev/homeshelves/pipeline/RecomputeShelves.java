package dev.homeshelves.pipeline;

import com.google.bigtable.v2.Mutation;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.homeshelves.service.experiments.ExperimentConfig;
import dev.homeshelves.service.experiments.ShelfPlanner;
import dev.homeshelves.service.signals.FunctionRunner;
import dev.homeshelves.service.signals.RunFunctions;
import dev.homeshelves.service.signals.RunPlan;
import dev.homeshelves.service.signals.UserContexts;
import dev.homeshelves.service.signals.WorkerModel;
import dev.homeshelves.service.store.Cell;
import dev.homeshelves.service.store.ConfigRows;
import dev.homeshelves.service.store.FollowRows;
import dev.homeshelves.service.store.PlayRows;
import dev.homeshelves.service.store.ShelfRows;
import dev.homeshelves.service.store.TrendingRows;
import dev.homeshelves.shelves.ShelfFunctions;
import dev.homeshelves.shelves.Trending;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.KV;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recompute of one user (or the default Home) inside a pipeline worker, with the worker's
 * own steps: {@link UserContexts} (load context) → {@link RunPlan} over the experiment config →
 * {@link RunFunctions} → {@link ShelfRows#replacing} (the row the service reads). Holds what a
 * DoFn instance keeps between elements: the model, the function pool, the planner.
 */
final class RecomputeShelves implements Serializable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecomputeShelves.class);
  private static final String NS = "home-shelves";
  private static final Counter RECOMPUTED = Metrics.counter(NS, "users-recomputed");
  private static final Counter FAILED = Metrics.counter(NS, "users-failed");
  private static final Counter OVERRAN = Metrics.counter(NS, "users-functions-overran");

  private final String catalog;
  private final String vectors;
  private final int playHistory;
  private final Duration functionBudget;
  private final Duration trendingWindow;

  private transient WorkerModel model;
  private transient FunctionRunner runner;
  private transient ShelfPlanner planner;
  private transient Map<String, byte[]> configRows;
  private transient ExperimentConfig config;

  RecomputeShelves(HomeShelvesOptions options) {
    this.catalog = options.getCatalog();
    this.vectors = options.getVectors();
    this.playHistory = options.getPlayHistory();
    this.functionBudget = Durations.parse("function-budget", options.getFunctionBudget());
    this.trendingWindow = Durations.parse("trending-window", options.getTrendingWindow());
  }

  /** Loads the model and starts the function pool (a DoFn's {@code @Setup}). */
  void setUp() {
    model = ModelFiles.load(catalog, vectors);
    runner = new FunctionRunner(1, functionBudget, new BeamFailures());
    planner = new ShelfPlanner(ShelfFunctions.discover(),
        functionId -> Metrics.counter(NS, "experiment-params-invalid-" + functionId).inc());
  }

  @Override
  public void close() {
    if (runner != null) {
      runner.close();
    }
  }

  /**
   * The user's new shelves row, as {@code ShelfRecomputer} computes and {@code ShelfStore}
   * writes it; null when the recompute failed (counted and logged, as the worker does).
   */
  KV<ByteString, Iterable<Mutation>> user(String userId, List<Cell> playCells, List<Cell> followCells,
      Map<String, byte[]> configRows, Map<String, Long> trendingCounts, Instant now) {
    try {
      var ctx = UserContexts.build(userId, now, PlayRows.history(userId, playCells, playHistory),
          FollowRows.follows(followCells), model, trending(trendingCounts));
      var outcome = new RunFunctions(runner)
          .outcome(plan(configRows).forUser(userId), ctx.context(), now, ctx.lastSignal());
      if (!outcome.overran().isEmpty()) {
        OVERRAN.inc();
      }
      RECOMPUTED.inc();
      return KV.of(BigtableRows.key(ShelfRows.userRow(userId)),
          BigtableRows.mutations(ShelfRows.replacing(outcome.recomputed())));
    } catch (RuntimeException e) {
      FAILED.inc();
      LOG.warn("recompute of user {} failed: {}", userId, e.toString());
      return null;
    }
  }

  /** The default Home's new row: every function planned for no user, over an empty history. */
  KV<ByteString, Iterable<Mutation>> defaultHome(Map<String, byte[]> configRows, Map<String, Long> trendingCounts,
      Instant now) {
    var ctx = UserContexts.defaultHome(ShelfRows.DEFAULT_ROW, now, model, trending(trendingCounts));
    var recomputed = new RunFunctions(runner).recompute(plan(configRows).forDefaultHome(), ctx, now,
        java.util.Optional.empty());
    return KV.of(BigtableRows.key(ShelfRows.DEFAULT_ROW), BigtableRows.mutations(ShelfRows.replacing(recomputed)));
  }

  private Trending trending(Map<String, Long> counts) {
    return TrendingRows.top(counts, trendingWindow);
  }

  private RunPlan plan(Map<String, byte[]> rows) {
    if (rows != configRows) {
      var values = new LinkedHashMap<String, ByteString>();
      rows.forEach((key, value) -> values.put(key, ByteString.copyFrom(value)));
      try {
        config = ConfigRows.config(values);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("a row of the config table does not parse: " + e.getMessage(), e);
      }
      configRows = rows;
    }
    var current = config;
    return RunPlan.fromExperiments(planner, () -> current);
  }

  /** Failed function runs as Beam counters, per function. */
  private static final class BeamFailures implements FunctionRunner.Failures {
    @Override
    public void functionError(String functionId) {
      Metrics.counter(NS, "function-errors-" + functionId).inc();
    }

    @Override
    public void functionTimeout(String functionId) {
      Metrics.counter(NS, "function-timeouts-" + functionId).inc();
    }
  }

}
