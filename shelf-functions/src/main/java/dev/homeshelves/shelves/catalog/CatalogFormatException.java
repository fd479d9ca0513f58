package dev.homeshelves.shelves.catalog;

/** A line of a catalog file that breaks the format; the message names the line and the rule. */
public final class CatalogFormatException extends IllegalArgumentException {
  private final int line;

  public CatalogFormatException(int line, String problem) {
    super("line " + line + ": " + problem);
    this.line = line;
  }

  /** The 1-based line number of the problem. */
  public int line() {
    return line;
  }
}
