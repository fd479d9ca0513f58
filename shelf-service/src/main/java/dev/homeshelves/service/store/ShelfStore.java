package dev.homeshelves.service.store;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.core.ApiFuture;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Shelf;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
@Singleton
public final class ShelfStore {

  /** Row key of the default Home (trending and editorial shelves). */
  public static final String DEFAULT_ROW = "default";
  /** Prefix of every user's row key. */
  public static final String USER_ROW_PREFIX = "u#";

  private static final TableId TABLE = TableId.of(Tables.SHELVES);

  private final BigtableDataClient client;

  public ShelfStore(BigtableDataClient client) {
    this.client = client;
  }

  /** The row key of a user's shelves. */
  public static String userRow(String userId) {
    return USER_ROW_PREFIX + userId;
  }

  /** Writes one shelf of a user as a new version of its cell. */
  public void writeShelf(String userId, Shelf shelf) {
    writeRow(userRow(userId), List.of(shelf));
  }

  /** Writes several shelves of a user in one atomic row mutation. */
  public void writeShelves(String userId, List<Shelf> shelves) {
    writeRow(userRow(userId), shelves);
  }

  /** Replaces-by-new-version the shelves of the default Home. */
  public void writeDefaultHome(List<Shelf> shelves) {
    writeRow(DEFAULT_ROW, shelves);
  }

  /**
   * Marks the computation of a shelf at {@code at} as failed: readers skip that version and
   * serve the previous one as stale.
   */
  public void markFailed(String userId, String shelfId, Instant at) {
    client.mutateRow(
        RowMutation.create(TABLE, userRow(userId))
            .setCell(Tables.SHELVES_FAMILY, ByteString.copyFromUtf8(shelfId), micros(at), ByteString.EMPTY));
  }

  /** Writes raw bytes as the newest version of a shelf's cell (for repair tools and tests of corruption). */
  public void writeRawCell(String userId, String shelfId, Instant at, byte[] value) {
    client.mutateRow(
        RowMutation.create(TABLE, userRow(userId))
            .setCell(Tables.SHELVES_FAMILY, ByteString.copyFromUtf8(shelfId), micros(at), ByteString.copyFrom(value)));
  }

  /**
   * Reads a user's Home: per shelf the newest readable version (older ones flagged stale),
   * ordered by shelf score, highest first. Empty when the user has no readable shelf.
   *
   * @throws StoreReadException when Bigtable fails or does not answer within {@code deadline}
   */
  public List<Shelf> readHome(String userId, Duration deadline) {
    return readRow(userRow(userId), deadline);
  }

  /** Reads the default Home, like {@link #readHome}. */
  public List<Shelf> readDefaultHome(Duration deadline) {
    return readRow(DEFAULT_ROW, deadline);
  }

  private static Shelf checked(Shelf shelf) {
    if (shelf.getId().isBlank()) {
      throw new IllegalArgumentException("shelf.id is required to store a shelf");
    }
    return shelf;
  }

  private static long cellTimestamp(Shelf shelf) {
    Instant computedAt =
        shelf.hasComputedAt() ? Instant.ofEpochMilli(Timestamps.toMillis(shelf.getComputedAt())) : Instant.now();
    return micros(computedAt);
  }

  private void writeRow(String rowKey, List<Shelf> shelves) {
    if (shelves.isEmpty()) {
      return;
    }
    RowMutation mutation = RowMutation.create(TABLE, rowKey);
    for (Shelf shelf : shelves) {
      mutation.setCell(
          Tables.SHELVES_FAMILY,
          ByteString.copyFromUtf8(checked(shelf).getId()),
          cellTimestamp(shelf),
          shelf.toByteString());
    }
    client.mutateRow(mutation);
  }

  private List<Shelf> readRow(String rowKey, Duration deadline) {
    Query query =
        Query.create(TABLE)
            .rowKey(rowKey)
            .filter(
                FILTERS
                    .chain()
                    .filter(FILTERS.family().exactMatch(Tables.SHELVES_FAMILY))
                    // The emulator never garbage-collects, and real GC is lazy: bound the read.
                    .filter(FILTERS.limit().cellsPerColumn(Tables.SHELF_VERSIONS)));
    Row row = await(client.readRowCallable().futureCall(query, callContext(deadline)), deadline);
    return row == null ? List.of() : newestReadable(row);
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

  private static Row await(ApiFuture<Row> future, Duration deadline) {
    try {
      return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StoreReadException("Bigtable read exceeded " + deadline.toMillis() + " ms", true, e);
    } catch (ExecutionException e) {
      boolean timedOut =
          e.getCause() instanceof com.google.api.gax.rpc.DeadlineExceededException;
      throw new StoreReadException("Bigtable read failed: " + e.getCause().getMessage(), timedOut, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new StoreReadException("interrupted while reading Bigtable", false, e);
    }
  }

  private static List<Shelf> newestReadable(Row row) {
    // Cells come sorted by qualifier, then newest first.
    Map<String, Shelf> byId = new LinkedHashMap<>();
    Map<String, Boolean> sawUnreadable = new LinkedHashMap<>();
    for (RowCell cell : row.getCells(Tables.SHELVES_FAMILY)) {
      String shelfId = cell.getQualifier().toStringUtf8();
      if (byId.containsKey(shelfId)) {
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

  private static long micros(Instant at) {
    // Tables use millisecond granularity: timestamps must be whole milliseconds in micros.
    return TimeUnit.MILLISECONDS.toMicros(at.toEpochMilli());
  }
}
