package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.Variant;
import java.util.Optional;

/**
 * Deterministic assignment of a user to a variant of one experiment, from (user id, salt) only:
 * the same on every replica and after every restart. See {@link AssignmentHash} for the recipe.
 */
public final class ExperimentAssigner {

  private ExperimentAssigner() {}

  /** The variant the user sees, or empty when the user is outside the experiment's allocation. */
  public static Optional<Variant> variantOf(Experiment experiment, String userId) {
    AssignmentHash hash = AssignmentHash.of(experiment.getSalt(), userId);
    if (hash.bucket() >= AssignmentHash.bucketsFor(experiment.getAllocation())) {
      return Optional.empty();
    }
    long totalWeight = 0;
    for (Variant variant : experiment.getVariantsList()) {
      totalWeight += variant.getWeight();
    }
    if (totalWeight <= 0) {
      return Optional.empty();
    }
    // Walk the cumulative weights in the order the variants are declared.
    long point = hash.variantPoint(totalWeight);
    for (Variant variant : experiment.getVariantsList()) {
      if (point < variant.getWeight()) {
        return Optional.of(variant);
      }
      point -= variant.getWeight();
    }
    throw new IllegalStateException("variant point beyond total weight in " + experiment.getId());
  }
}
