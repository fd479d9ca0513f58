package dev.homeshelves.embeddings.format;

import java.util.Locale;

/** The two standard word2vec vector file formats (the original C tool's and gensim's). */
public enum VectorFormat {
  /** {@code N D} header line, then {@code id v1 ... vD} per line. */
  TEXT,
  /** {@code N D} header line, then per item: id, one space, D little-endian float32 values. */
  BINARY;

  /** Parses {@code text} or {@code binary}, case-insensitively. */
  public static VectorFormat parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "text", "txt" -> TEXT;
      case "binary", "bin" -> BINARY;
      default -> throw new IllegalArgumentException(
          "unknown vector format '" + name + "': expected text or binary");
    };
  }
}
