package dev.homeshelves.embeddings.format;

import java.io.IOException;

/** A vector file that cannot be read completely; the message names the line or record and why. */
public final class VectorFileException extends IOException {
  public VectorFileException(String message) {
    super(message);
  }
}
