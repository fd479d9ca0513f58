package dev.homeshelves.service.store;

/** A read from Bigtable failed or did not finish within its deadline. */
public final class StoreReadException extends RuntimeException {

  private final boolean timedOut;

  public StoreReadException(String message, boolean timedOut, Throwable cause) {
    super(message, cause);
    this.timedOut = timedOut;
  }

  /** True when the read was abandoned because it exceeded its deadline. */
  public boolean timedOut() {
    return timedOut;
  }
}
