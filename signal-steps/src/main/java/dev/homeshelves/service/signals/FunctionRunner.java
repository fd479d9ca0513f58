package dev.homeshelves.service.signals;

import dev.homeshelves.shelves.ComputedShelf;
import dev.homeshelves.shelves.ParamValues;
import dev.homeshelves.shelves.RegisteredShelf;
import dev.homeshelves.shelves.ShelfContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a user's shelf functions side by side, each isolated: one that throws or overruns its
 * time budget yields no shelf (so its previous cell stays) and is counted, the others are
 * unaffected. An overrunning function is interrupted; a function that ignores interrupts keeps
 * a pool thread busy until it returns, which is why the pool is a bounded, separate one.
 */
public final class FunctionRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionRunner.class);

  private final ExecutorService pool;
  private final Duration budget;
  private final Failures metrics;

  // Functions of all concurrent recomputes run side by side: this many per recompute thread.
  private static final int THREADS_PER_RECOMPUTE = 4;

  /** @param recomputeThreads recomputes (or seed/backfill users) running at once */
  public FunctionRunner(int recomputeThreads, Duration budget, Failures metrics) {
    int threads = recomputeThreads * THREADS_PER_RECOMPUTE;
    var n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      var t = new Thread(r, "shelf-function-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.budget = budget;
    this.metrics = metrics;
  }

  /**
   * Where failed runs are counted: the worker's Prometheus meters, the pipeline's Beam counters.
   */
  public interface Failures {
    /** A run of this function threw (the shelf keeps its previous cell). */
    void functionError(String functionId);

    /** A run of this function overran its budget (the shelf keeps its previous cell). */
    void functionTimeout(String functionId);
  }

  /** One function to run with its parameter values and variant label. */
  public record Run(RegisteredShelf shelf, ParamValues params, String variant) {}

  /** A function's result: the shelf, or empty when it had none for this user. */
  public record Result(Run run, Optional<ComputedShelf> shelf) {}

  /**
   * What a run gave: the results of the functions that finished in time without throwing, and
   * the ids of those that overran their budget (a load problem, worth another try; one that
   * threw is a bug or bad data, and trying again would only throw again).
   */
  public record Results(List<Result> finished, Set<String> overran) {
    public Results {
      finished = List.copyOf(finished);
      overran = Set.copyOf(overran);
    }
  }

  public Results runAll(List<Run> runs, ShelfContext ctx) {
    var futures = new ArrayList<Future<Optional<ComputedShelf>>>(runs.size());
    for (var run : runs) {
      futures.add(pool.submit(() -> run.shelf().compute(ctx, run.params())));
    }
    long deadline = System.nanoTime() + budget.toNanos();
    var results = new ArrayList<Result>(runs.size());
    var overran = new HashSet<String>();
    for (int i = 0; i < runs.size(); i++) {
      var run = runs.get(i);
      var future = futures.get(i);
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        results.add(new Result(run, future.get(left, TimeUnit.NANOSECONDS)));
      } catch (TimeoutException e) {
        future.cancel(true);
        overran.add(run.shelf().id());
        metrics.functionTimeout(run.shelf().id());
        LOG.warn("shelf function {} overran its {} budget for user {}; its previous shelf stays",
            run.shelf().id(), budget, ctx.userId());
      } catch (ExecutionException e) {
        metrics.functionError(run.shelf().id());
        LOG.warn("shelf function {} failed for user {}; its previous shelf stays",
            run.shelf().id(), ctx.userId(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(f -> f.cancel(true));
        break;
      }
    }
    return new Results(results, overran);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
