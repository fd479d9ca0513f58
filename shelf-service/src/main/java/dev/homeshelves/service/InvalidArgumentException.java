package dev.homeshelves.service;

/** A request field breaks a rule; becomes {@code INVALID_ARGUMENT} naming the field (see {@link GrpcErrorMapping}). */
public final class InvalidArgumentException extends RuntimeException {

  private final String field;

  /** @param field the request field, as named in the proto ({@code user_id}); @param rule what is wrong with it */
  public InvalidArgumentException(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
  }

  /** The offending field, as named in the proto. */
  public String field() {
    return field;
  }
}
