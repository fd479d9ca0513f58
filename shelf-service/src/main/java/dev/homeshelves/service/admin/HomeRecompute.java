package dev.homeshelves.service.admin;

import dev.homeshelves.service.store.ShelfRows;
import dev.homeshelves.api.v1.RecomputeHomeResponse;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.experiments.ShelfPlanner;
import dev.homeshelves.service.experiments.ShelfPlanner.PlannedShelf;
import dev.homeshelves.service.experiments.Treatment;
import dev.homeshelves.service.signals.ShelfRecomputer;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.FailedPreconditionException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recomputes a user's Home now for AdminService.RecomputeHome, with the worker's recomputer and
 * the user's current variants. Only a replica running the worker role has a recomputer; others
 * answer FAILED_PRECONDITION saying how to reach one.
 */
@Singleton
public final class HomeRecompute {

  /** Says where RecomputeHome is answered: every replica running the worker role. */
  static final String NOT_A_WORKER = "this replica does not run the worker role, which RecomputeHome needs:"
      + " call a worker replica's gRPC port instead (homectl --target HOST:PORT; bin/run-local's worker listens"
      + " on 127.0.0.1:$WORKER_GRPC_PORT, default 50052), or start this one with HOME_SHELVES_WORKER_ENABLED=true";

  private final Optional<ShelfRecomputer> recomputer;
  private final ShelfStore store;
  private final ShelfPlanner planner;
  private final LiveExperiments live;

  /** @param recomputer present when this replica runs the worker role */
  public HomeRecompute(Optional<ShelfRecomputer> recomputer, ShelfStore store, ShelfPlanner planner, LiveExperiments live) {
    this.recomputer = recomputer;
    this.store = store;
    this.planner = planner;
    this.live = live;
  }

  /** Computes and writes the user's shelves, and says what was written and what was not. */
  public RecomputeHomeResponse recompute(String userId) {
    ShelfRecomputer worker = recomputer.orElseThrow(() -> new FailedPreconditionException(NOT_A_WORKER));
    Treatment treatment = live.treatmentFor(userId);
    ShelfPlanner.Plan plan = planner.plan(treatment);
    ShelfRows.Recomputed recomputed = worker.computation(userId);
    // Replaces the set: a shelf no function produced any more is removed, a failed one stays.
    store.replaceShelves(userId, recomputed);
    List<Shelf> computed = recomputed.shelves();
    Set<String> written = computed.stream().map(Shelf::getFunctionId).collect(Collectors.toSet());
    return RecomputeHomeResponse.newBuilder()
        .setUserId(userId)
        .addAllShelvesWritten(computed.stream().map(Shelf::getId).toList())
        .addAllFunctionsSkipped(plan.skipped())
        .addAllFunctionsWithoutShelf(plan.shelves().stream()
            .map(PlannedShelf::shelf).map(s -> s.id()).filter(id -> !written.contains(id)).toList())
        .addAllAssignments(treatment.assignmentsProto())
        .build();
  }
}
