package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.ShelfRows;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.signals.FunctionRunner.Run;
import dev.homeshelves.shelves.ShelfContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The run-functions step: runs the planned shelf functions over a context (each isolated, see
 * {@link FunctionRunner}) and turns their shelves into stored {@code Shelf} protos stamped with
 * the version ({@code computed_at}) and the newest signal included. Failed or empty shelves are
 * left out.
 */
public final class RunFunctions {

  private final FunctionRunner runner;

  public RunFunctions(FunctionRunner runner) {
    this.runner = runner;
  }

  public List<Shelf> run(List<Run> plan, ShelfContext ctx, Instant version, Optional<Instant> lastSignal) {
    return recompute(plan, ctx, version, lastSignal).shelves();
  }

  /**
   * Like {@link #run}, and also names the planned functions that failed or overran (no result):
   * a replacing write keeps their previous shelf, and removes the shelf of a function that
   * returned nothing (a replacing write, {@link ShelfRows#replacing}).
   */
  public ShelfRows.Recomputed recompute(List<Run> plan, ShelfContext ctx, Instant version, Optional<Instant> lastSignal) {
    return outcome(plan, ctx, version, lastSignal).recomputed();
  }

  /** What {@link #recompute} writes, and the functions that overran their budget. */
  public record Outcome(ShelfRows.Recomputed recomputed, Set<String> overran) {}

  /** Like {@link #recompute}, and also names the functions that overran (see {@link FunctionRunner.Results}). */
  public Outcome outcome(List<Run> plan, ShelfContext ctx, Instant version, Optional<Instant> lastSignal) {
    var computed = new ArrayList<Shelf>();
    var failed = new HashSet<String>();
    plan.forEach(run -> failed.add(run.shelf().id()));
    var results = runner.runAll(plan, ctx);
    for (var result : results.finished()) {
      failed.remove(result.run().shelf().id());
      result.shelf().ifPresent(s -> computed.add(ShelfProtos.toProto(s, result.run().variant(), version, lastSignal)));
    }
    return new Outcome(new ShelfRows.Recomputed(computed, failed), results.overran());
  }
}
