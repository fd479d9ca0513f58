package dev.homeshelves.service.signals;

import dev.homeshelves.service.store.ShelfRows;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.ShelfStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The write step of a recompute: the shelves of a batch of users in one bulk request, one
 * atomic row mutation per user; each cell's timestamp is the shelf's version, so readers
 * (which take the newest cell) never see an older computation over a newer one.
 */
public final class WriteShelves {

  private final ShelfStore shelves;

  public WriteShelves(ShelfStore shelves) {
    this.shelves = shelves;
  }

  /**
   * Replaces each user's set of shelves by their recompute's result (a shelf no function
   * produced any more is removed, a failed function's stays; see {@link ShelfStore#replaceShelves}).
   *
   * @return the users whose row was not written, with why; empty when all were
   */
  public Map<String, Throwable> write(Map<String, ShelfRows.Recomputed> byUser) {
    try {
      return shelves.replaceShelvesOfUsers(byUser);
    } catch (RuntimeException e) {
      var failed = new HashMap<String, Throwable>();
      byUser.keySet().forEach(id -> failed.put(id, e));
      return failed;
    }
  }

  /** Replaces the default Home's set of shelves, as {@link #write} does for a user. */
  public void writeDefaultHome(ShelfRows.Recomputed defaultHome) {
    this.shelves.replaceDefaultHome(defaultHome);
  }
}
