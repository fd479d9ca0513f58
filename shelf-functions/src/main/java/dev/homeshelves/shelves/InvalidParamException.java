package dev.homeshelves.shelves;

/** A parameter override that is unknown, of the wrong type or out of bounds; the message says which. */
public final class InvalidParamException extends IllegalArgumentException {
  public InvalidParamException(String message) {
    super(message);
  }
}
