package dev.homeshelves.service.experiments;

/** The {@code config} table could not be read or written, or holds a row that does not parse. */
public final class ConfigReadException extends RuntimeException {

  /** What failed, and the cause. */
  public ConfigReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
