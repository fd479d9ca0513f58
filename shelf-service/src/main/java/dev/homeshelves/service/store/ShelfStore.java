package dev.homeshelves.service.store;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.DeadlineExceededException;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.BulkMutation;
import com.google.cloud.bigtable.data.v2.models.MutateRowsException;
import com.google.cloud.bigtable.data.v2.models.Mutation;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.ShelfRows.Recomputed;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stores users' shelves in the {@code shelves} table: row {@code u#<userId>}, family {@code s},
 * one column per shelf id, each write a new cell version whose timestamp is the shelf's
 * {@code computed_at} (so a computation written late never hides a newer one). The default
 * Home lives in row {@value #DEFAULT_ROW}, which no user row can equal.
 *
 * <p>A cell is unreadable when its value does not parse as a {@code Shelf} whose id equals the
 * column qualifier (corrupt), or when its value is empty: an empty cell is how a writer marks a
 * computation as failed ({@link #markFailed}). Reads then use the newest readable older version
 * and flag it {@code stale}.
 *
 * <p><b>The set of shelves.</b> A recompute's write ({@link #replaceShelves}, {@link
 * #replaceShelvesOfUsers}, {@link #replaceDefaultHome}) replaces the set of shelves of the row: in the
 * same atomic row mutation it writes a manifest cell (qualifier {@code "\0manifest"}, sorted before
 * every shelf id, timestamp = the newest {@code computed_at} written) listing the shelf ids the row
 * now has. A reader serves a shelf only when the newest manifest lists it, or from versions newer
 * than that manifest (a shelf added afterwards by {@link #writeShelf} and the other adding writes). So a shelf that its
 * function no longer produces is gone from the recompute that did not produce it on, and none of
 * its older versions can come back through the fallback to older versions. Its cells stay until
 * the family's GC (three versions at most); rows without a manifest (written before it existed)
 * are read as before.
 */
@Singleton
public final class ShelfStore {

  /** Row key of the default Home (trending and editorial shelves). */
  public static final String DEFAULT_ROW = ShelfRows.DEFAULT_ROW;
  /** Prefix of every user's row key. */
  public static final String USER_ROW_PREFIX = ShelfRows.USER_ROW_PREFIX;

  private static final TableId TABLE = TableId.of(Tables.SHELVES);
  /** Qualifier of the manifest: a NUL byte first, so no shelf id equals it and it sorts first. */
  public static final ByteString MANIFEST = ShelfRows.MANIFEST;

  private final BigtableDataClient client;

  public ShelfStore(BigtableDataClient client) {
    this.client = client;
  }

  /** The row key of a user's shelves. */
  public static String userRow(String userId) {
    return ShelfRows.userRow(userId);
  }

  /** Adds (or replaces by a new version) one shelf of a user; the user's other shelves stay. */
  public void writeShelf(String userId, Shelf shelf) {
    writeShelves(userId, List.of(shelf));
  }

  /**
   * Adds (or replaces by new versions) several shelves of a user in one atomic row mutation;
   * the user's other shelves stay. A recompute uses {@link #replaceShelves} instead.
   */
  public void writeShelves(String userId, List<Shelf> shelves) {
    if (!shelves.isEmpty()) {
      client.mutateRow(RowMutation.create(TABLE, userRow(userId), shelfCells(shelves)));
    }
  }

  /**
   * Writes the shelves of many users in one bulk request: per user one atomic row mutation that
   * adds them, as {@link #writeShelves}. Rows are written or fail independently.
   *
   * @return the users whose row was not written, with the error; empty when all were written
   * @throws com.google.api.gax.rpc.ApiException when the request as a whole failed
   */
  public Map<String, Throwable> writeShelvesOfUsers(Map<String, List<Shelf>> shelvesByUser) {
    Map<String, Mutation> rows = new LinkedHashMap<>();
    shelvesByUser.forEach((userId, shelves) -> {
      if (!shelves.isEmpty()) {
        rows.put(userId, shelfCells(shelves));
      }
    });
    return bulkWrite(rows);
  }

  /**
   * Replaces the user's set of shelves by a recompute's result, in one atomic row mutation: a
   * shelf stored before that the recompute neither produced nor lists as failed is no longer
   * served, nor are its older versions.
   */
  public void replaceShelves(String userId, Recomputed recomputed) {
    client.mutateRow(RowMutation.create(TABLE, userRow(userId), replacing(recomputed)));
  }

  /**
   * {@link #replaceShelves} for many users in one bulk request; rows are written or fail
   * independently.
   *
   * @return the users whose row was not written, with the error; empty when all were written
   * @throws com.google.api.gax.rpc.ApiException when the request as a whole failed
   */
  public Map<String, Throwable> replaceShelvesOfUsers(Map<String, Recomputed> byUser) {
    Map<String, Mutation> rows = new LinkedHashMap<>();
    byUser.forEach((userId, recomputed) -> rows.put(userId, replacing(recomputed)));
    return bulkWrite(rows);
  }

  private Map<String, Throwable> bulkWrite(Map<String, Mutation> rows) {
    if (rows.isEmpty()) {
      return Map.of();
    }
    BulkMutation bulk = BulkMutation.create(TABLE);
    List<String> users = new ArrayList<>(rows.keySet());
    rows.forEach((userId, mutation) -> bulk.add(userRow(userId), mutation));
    try {
      client.bulkMutateRows(bulk);
      return Map.of();
    } catch (MutateRowsException e) {
      Map<String, Throwable> failed = new LinkedHashMap<>();
      for (var f : e.getFailedMutations()) {
        failed.put(users.get(f.getIndex()), f.getError());
      }
      return failed;
    }
  }

  /** Adds (or replaces by new versions) shelves of the default Home; its other shelves stay. */
  public void writeDefaultHome(List<Shelf> shelves) {
    if (!shelves.isEmpty()) {
      client.mutateRow(RowMutation.create(TABLE, DEFAULT_ROW, shelfCells(shelves)));
    }
  }

  /** Replaces the default Home's set of shelves by a recompute's result, as {@link #replaceShelves}. */
  public void replaceDefaultHome(Recomputed recomputed) {
    client.mutateRow(RowMutation.create(TABLE, DEFAULT_ROW, replacing(recomputed)));
  }

  /**
   * Marks the computation of a shelf at {@code at} as failed: readers skip that version and
   * serve the previous one as stale.
   */
  public void markFailed(String userId, String shelfId, Instant at) {
    client.mutateRow(
        RowMutation.create(TABLE, userRow(userId))
            .setCell(Tables.SHELVES_FAMILY, ByteString.copyFromUtf8(shelfId), ShelfRows.micros(at), ByteString.EMPTY));
  }

  /** Writes raw bytes as the newest version of a shelf's cell (for repair tools and tests of corruption). */
  public void writeRawCell(String userId, String shelfId, Instant at, byte[] value) {
    client.mutateRow(
        RowMutation.create(TABLE, userRow(userId))
            .setCell(Tables.SHELVES_FAMILY, ByteString.copyFromUtf8(shelfId), ShelfRows.micros(at), ByteString.copyFrom(value)));
  }

  /**
   * Reads a user's Home: per shelf the newest readable version (older ones flagged stale),
   * ordered by shelf score, highest first. Empty when the user has no readable shelf.
   *
   * @throws StoreReadException when Bigtable fails or does not answer within {@code deadline}
   */
  public List<Shelf> readHome(String userId, Duration deadline) {
    return await(readHomeAsync(userId, deadline), deadline);
  }

  /**
   * Starts reading a user's Home, like {@link #readHome}; the future fails with a {@link
   * StoreReadException} when Bigtable fails or exceeds {@code deadline} (the client's own
   * deadline, retries included), and completes on the Bigtable client's network thread.
   */
  public ApiFuture<List<Shelf>> readHomeAsync(String userId, Duration deadline) {
    return readRow(userRow(userId), deadline);
  }

  /** Reads the default Home, like {@link #readHome}. */
  public List<Shelf> readDefaultHome(Duration deadline) {
    return await(readRow(DEFAULT_ROW, deadline), deadline);
  }

  /** The shelves' cells plus the manifest naming them and the failed ones as the row's whole set. */
  private static Mutation replacing(Recomputed recomputed) {
    return mutation(ShelfRows.replacing(recomputed));
  }

  private static Mutation shelfCells(List<Shelf> shelves) {
    return mutation(ShelfRows.shelfCells(shelves));
  }

  /** The layout's cells as one client mutation. */
  static Mutation mutation(List<Cell> cells) {
    Mutation mutation = Mutation.create();
    for (Cell cell : cells) {
      mutation.setCell(cell.family(), cell.qualifier(), cell.timestampMicros(), cell.value());
    }
    return mutation;
  }

  private ApiFuture<List<Shelf>> readRow(String rowKey, Duration deadline) {
    Query query =
        Query.create(TABLE)
            .rowKey(rowKey)
            .filter(
                FILTERS
                    .chain()
                    .filter(FILTERS.family().exactMatch(Tables.SHELVES_FAMILY))
                    // The emulator never garbage-collects, and real GC is lazy: bound the read.
                    .filter(FILTERS.limit().cellsPerColumn(Tables.SHELF_VERSIONS)));
    ApiFuture<List<Shelf>> shelves = ApiFutures.transform(
        client.readRowCallable().futureCall(query, callContext(deadline)),
        row -> row == null ? List.<Shelf>of() : newestReadable(row),
        MoreExecutors.directExecutor());
    // Only Bigtable's own failures become StoreReadException: a bug in parsing the row stays a bug.
    return ApiFutures.catching(shelves, ApiException.class, e -> {
      throw new StoreReadException("Bigtable read failed: " + e.getMessage(), e instanceof DeadlineExceededException, e);
    }, MoreExecutors.directExecutor());
  }

  /** A call context that makes the client give up (retries included) at the deadline. */
  private static GrpcCallContext callContext(Duration deadline) {
    RetrySettings retry =
        RetrySettings.newBuilder()
            .setInitialRetryDelayDuration(Duration.ofMillis(1))
            .setRetryDelayMultiplier(2)
            .setMaxRetryDelayDuration(Duration.ofMillis(10))
            .setInitialRpcTimeoutDuration(deadline)
            .setRpcTimeoutMultiplier(1)
            .setMaxRpcTimeoutDuration(deadline)
            .setTotalTimeoutDuration(deadline)
            .build();
    return GrpcCallContext.createDefault().withRetrySettings(retry).withTimeoutDuration(deadline);
  }

  /** The read's result, waiting at most {@code deadline} (the client's deadline also ends it). */
  private static List<Shelf> await(ApiFuture<List<Shelf>> future, Duration deadline) {
    try {
      return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StoreReadException("Bigtable read exceeded " + deadline.toMillis() + " ms", true, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new StoreReadException("interrupted while reading Bigtable", false, e);
    }
  }

  private static List<Shelf> newestReadable(Row row) {
    // Cells come sorted by qualifier (the manifest first), then newest first.
    List<RowCell> cells = row.getCells(Tables.SHELVES_FAMILY);
    Map<String, Shelf> byId = new LinkedHashMap<>();
    Map<String, Boolean> sawUnreadable = new LinkedHashMap<>();
    Set<String> manifest = null;
    long manifestAt = Long.MIN_VALUE;
    for (RowCell cell : cells) {
      if (cell.getQualifier().equals(MANIFEST)) {
        if (manifest == null) {
          manifest = manifestIds(cell.getValue());
          manifestAt = cell.getTimestamp();
        }
        continue;
      }
      String shelfId = cell.getQualifier().toStringUtf8();
      if (byId.containsKey(shelfId)) {
        continue;
      }
      // A shelf the newest manifest does not list was removed by that write: only a version
      // written after it (an addition) may be served, never an older one.
      if (manifest != null && !manifest.contains(shelfId) && cell.getTimestamp() <= manifestAt) {
        continue;
      }
      Shelf shelf = parse(shelfId, cell.getValue());
      if (shelf == null) {
        sawUnreadable.put(shelfId, true);
        continue;
      }
      boolean stale = sawUnreadable.containsKey(shelfId) || shelf.getStale();
      byId.put(shelfId, stale ? shelf.toBuilder().setStale(true).build() : shelf);
    }
    List<Shelf> shelves = new ArrayList<>(byId.values());
    shelves.sort(Comparator.comparingDouble(Shelf::getScore).reversed());
    return List.copyOf(shelves);
  }

  private static Set<String> manifestIds(ByteString value) {
    return value.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(value.toStringUtf8().split("\n")));
  }

  /** The shelf in a cell, or null when the cell is marked failed or corrupt. */
  private static Shelf parse(String shelfId, ByteString value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      Shelf shelf = Shelf.parseFrom(value);
      return shelf.getId().equals(shelfId) ? shelf : null;
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

}
