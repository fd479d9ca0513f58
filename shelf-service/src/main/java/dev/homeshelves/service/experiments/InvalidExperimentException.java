package dev.homeshelves.service.experiments;

/** An experiment that breaks a rule; names the offending field (e.g. {@code variants[1].weight}). */
public final class InvalidExperimentException extends RuntimeException {

  private final String field;

  /** The field in proto3 JSON path form, and the rule it breaks. */
  public InvalidExperimentException(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
  }

  /** The offending field, e.g. {@code variants[0].functions["made-for-you"].params["size"]}. */
  public String field() {
    return field;
  }
}
