package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.ExperimentAssignment;

/** A user's variant in one experiment. */
public record Assignment(String experimentId, String variant) {

  /** The label used in {@code Shelf.variant} and logs: {@code experiment/variant}. */
  public String label() {
    return experimentId + "/" + variant;
  }

  /** The wire form, as carried in GetHomeResponse.assignments. */
  public ExperimentAssignment toProto() {
    return ExperimentAssignment.newBuilder().setExperimentId(experimentId).setVariant(variant).build();
  }
}
