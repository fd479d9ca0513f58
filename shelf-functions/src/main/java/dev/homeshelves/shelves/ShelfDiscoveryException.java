package dev.homeshelves.shelves;

/** A shelf class that cannot be registered: no spec, a bad or duplicate id, bad params. */
public final class ShelfDiscoveryException extends IllegalStateException {
  public ShelfDiscoveryException(String message) {
    super(message);
  }

  public ShelfDiscoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
