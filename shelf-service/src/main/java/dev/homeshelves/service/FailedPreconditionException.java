package dev.homeshelves.service;

/**
 * The call is valid but this replica cannot answer it in its current state or role; becomes
 * {@code FAILED_PRECONDITION} (see {@link GrpcErrorMapping}). The message says where to go instead.
 */
public final class FailedPreconditionException extends RuntimeException {

  /** @param message what is missing and how to reach a replica that has it */
  public FailedPreconditionException(String message) {
    super(message);
  }
}
