package dev.homeshelves.embeddings;

import java.util.HashSet;
import java.util.Set;

/** Small helpers for exclusion sets passed to neighbour queries. */
public final class Exclusions {
  private Exclusions() {}

  /** {@code base} plus {@code extra}, without modifying {@code base}. */
  public static Set<String> plus(Set<String> base, String extra) {
    if (base.contains(extra)) {
      return base;
    }
    Set<String> all = new HashSet<>(base);
    all.add(extra);
    return all;
  }
}
