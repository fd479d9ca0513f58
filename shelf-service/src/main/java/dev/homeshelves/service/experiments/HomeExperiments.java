package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.ExperimentAssignment;
import dev.homeshelves.api.v1.Shelf;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The hook GetHome calls: applies the user's experiments and kill switches to the shelves it
 * read (disabled functions' shelves removed, order and titles from the variant) and counts one
 * exposure per experiment and variant in {@code home.experiment.exposures}.
 */
@Singleton
public final class HomeExperiments {

  private final LiveExperiments live;
  private final MeterRegistry registry;

  /** Applies the configuration held by {@code live}. */
  public HomeExperiments(LiveExperiments live, MeterRegistry registry) {
    this.live = live;
    this.registry = registry;
  }

  /** The shelves as this user sees them, and the user's assignments for the response. */
  public TreatedHome apply(String userId, List<Shelf> shelves) {
    Treatment treatment = live.treatmentFor(userId);
    for (Assignment assignment : treatment.assignments()) {
      exposures(assignment).increment();
    }
    return new TreatedHome(treatment.applyTo(shelves), treatment.assignmentsProto());
  }

  private Counter exposures(Assignment assignment) {
    // Micrometer caches meters by name and tags, so this lookup does not allocate a new counter.
    return Counter.builder("homeshelves.home.experiment.exposures")
        .description("GetHome answers served to users in an experiment, by experiment and variant")
        .tag("experiment", assignment.experimentId())
        .tag("variant", assignment.variant())
        .register(registry);
  }

  /** Shelves after the user's treatment, and the assignments that shaped them. */
  public record TreatedHome(List<Shelf> shelves, List<ExperimentAssignment> assignments) {}
}
