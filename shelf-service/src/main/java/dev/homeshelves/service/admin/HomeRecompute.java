package dev.homeshelves.service.admin;

import dev.homeshelves.api.v1.RecomputeHomeResponse;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.experiments.ShelfPlanner;
import dev.homeshelves.service.experiments.ShelfPlanner.PlannedShelf;
import dev.homeshelves.service.experiments.Treatment;
import dev.homeshelves.service.signals.ShelfRecomputer;
import dev.homeshelves.service.store.ShelfStore;
import io.grpc.Status;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recomputes a user's Home now for AdminService.RecomputeHome, with the worker's recomputer and
 * the user's current variants. Only a replica running the worker role has a recomputer; others
 * answer FAILED_PRECONDITION saying so.
 */
@Singleton
public final class HomeRecompute {

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
    ShelfRecomputer worker = recomputer.orElseThrow(() -> Status.FAILED_PRECONDITION.withDescription(
        "this replica does not run the worker role: call one started with `home-shelves worker`"
            + " or with HOME_SHELVES_WORKER_ENABLED=true").asRuntimeException());
    Treatment treatment = live.treatmentFor(userId);
    ShelfPlanner.Plan plan = planner.plan(treatment);
    List<Shelf> computed = worker.compute(userId);
    store.writeShelves(userId, computed);
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
