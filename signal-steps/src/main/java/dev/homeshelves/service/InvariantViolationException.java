package dev.homeshelves.service;

/**
 * An internal rule of the code was broken (a bug, not the caller's fault): becomes {@code
 * INTERNAL} without details in {@link GrpcErrorMapping}, logged once with the stack. Distinct
 * from {@link InvalidArgumentException} and from {@link IllegalArgumentException}, so that an
 * internal check can never be reported to a client as its bad input.
 */
public final class InvariantViolationException extends RuntimeException {

  /** @param message which rule was broken, for the log */
  public InvariantViolationException(String message) {
    super(message);
  }
}
