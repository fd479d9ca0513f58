package dev.homeshelves.shelves;

import java.util.Optional;

/**
 * One shelf of the Home screen. Implementations are annotated with {@link ShelfSpec}, public,
 * with a public no-argument constructor, and pure: the answer depends on the context only.
 * Parameters are declared as {@code static final Param<?>} fields of the class.
 */
public interface ShelfFunction {

  /** The shelf for this user, or empty when the user has nothing for it (no seed, no cards). */
  Optional<ShelfDraft> compute(ShelfContext ctx);
}
