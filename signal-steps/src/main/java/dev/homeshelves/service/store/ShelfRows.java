package dev.homeshelves.service.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.InvariantViolationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The layout of the {@code shelves} table, as the service's {@code ShelfStore} and the pipeline
 * write it: row {@code u#<userId>} (or {@value #DEFAULT_ROW}), family {@code s}, one column per
 * shelf id holding a serialized {@code homeshelves.v1.Shelf} whose cell timestamp is its
 * {@code computed_at}, plus the manifest cell naming the row's set of shelves (see {@code
 * ShelfStore} for how readers use it).
 */
public final class ShelfRows {

  /** Row key of the default Home (trending and editorial shelves). */
  public static final String DEFAULT_ROW = "default";
  /** Prefix of every user's row key (in {@code shelves}, {@code plays} and {@code follows}). */
  public static final String USER_ROW_PREFIX = "u#";
  /** Qualifier of the manifest: a NUL byte first, so no shelf id equals it and it sorts first. */
  public static final ByteString MANIFEST = ByteString.copyFromUtf8("\0manifest");

  private ShelfRows() {}

  /** The row key of a user's shelves (and plays and follows). */
  public static String userRow(String userId) {
    return USER_ROW_PREFIX + userId;
  }

  /**
   * The result of recomputing one row: the shelves the functions produced, and the ids of the
   * functions that failed or overran their budget this time (their previous shelf stays
   * served). Every other shelf of the row is removed by a replacing write ({@link #replacing}).
   */
  public record Recomputed(List<Shelf> shelves, Set<String> failed) {
    public Recomputed {
      shelves = List.copyOf(shelves);
      failed = Set.copyOf(failed);
    }
  }

  /** The shelves' cells plus the manifest naming them and the failed ones as the row's whole set. */
  public static List<Cell> replacing(Recomputed recomputed) {
    var cells = new ArrayList<>(shelfCells(recomputed.shelves()));
    Set<String> ids = new TreeSet<>(recomputed.failed());
    long newest = 0;
    for (Shelf shelf : recomputed.shelves()) {
      ids.add(shelf.getId());
      newest = Math.max(newest, cellTimestamp(shelf));
    }
    long at = recomputed.shelves().isEmpty() ? micros(Instant.now()) : newest;
    cells.add(new Cell(TableLayout.SHELVES_FAMILY, MANIFEST, at, ByteString.copyFromUtf8(String.join("\n", ids))));
    return cells;
  }

  /** One cell per shelf, adding to (not replacing) the row's set. */
  public static List<Cell> shelfCells(List<Shelf> shelves) {
    var cells = new ArrayList<Cell>(shelves.size() + 1);
    for (Shelf shelf : shelves) {
      cells.add(new Cell(TableLayout.SHELVES_FAMILY, ByteString.copyFromUtf8(checked(shelf).getId()),
          cellTimestamp(shelf), shelf.toByteString()));
    }
    return cells;
  }

  private static Shelf checked(Shelf shelf) {
    if (shelf.getId().isBlank() || shelf.getId().indexOf('\0') >= 0 || shelf.getId().indexOf('\n') >= 0) {
      throw new InvariantViolationException("shelf.id is required to store a shelf, without NUL or newline: \""
          + shelf.getId() + "\"");
    }
    return shelf;
  }

  private static long cellTimestamp(Shelf shelf) {
    Instant computedAt =
        shelf.hasComputedAt() ? Instant.ofEpochMilli(Timestamps.toMillis(shelf.getComputedAt())) : Instant.now();
    return micros(computedAt);
  }

  /** Tables use millisecond granularity: timestamps must be whole milliseconds in micros. */
  public static long micros(Instant at) {
    return TimeUnit.MILLISECONDS.toMicros(at.toEpochMilli());
  }
}
