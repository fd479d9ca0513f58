package dev.homeshelves.service.store;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.BulkMutation;
import com.google.cloud.bigtable.data.v2.models.ConditionalRowMutation;
import com.google.cloud.bigtable.data.v2.models.Mutation;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What the worker owes each user, durable in the {@code recompute} table, shared by all
 * replicas:
 *
 * <ul>
 *   <li>row {@code d#<userId>}, family {@code d}: one cell per signal whose rows are stored but
 *       that no written Home includes yet (qualifier = event id, value = occurred_at millis,
 *       then, for a signal handled with tracing on, a space and the W3C {@code traceparent} of
 *       its span, so that the recompute which includes it links to it on whichever replica).
 *       A recompute deletes exactly the cells it saw before reading the user's data, so a
 *       signal marked meanwhile stays owed. The row is gone when nothing is owed, so the sweep
 *       scans only owed users.
 *   <li>row {@code l#<userId>}, family {@code l}: the user's recompute lease. {@code until}
 *       (13-digit millis, so bytes compare as numbers) is either the expiry of a running
 *       recompute ({@code owner} set) or, after one, the earliest start of the next ({@code
 *       owner} empty): the debounce and the retry backoff, for every replica at once. {@code
 *       version} is the cell timestamp of the last shelves written, so the next write is newer
 *       whatever the replicas' clocks say; {@code attempts} and {@code reason} count failures.
 * </ul>
 */
public final class RecomputeStore {

  private static final TableId TABLE = TableId.of(Tables.RECOMPUTE);
  private static final String OWED = Tables.OWED_FAMILY;
  private static final String LEASE = Tables.LEASE_FAMILY;
  private static final ByteString OWNER = utf8("owner");
  private static final ByteString UNTIL = utf8("until");
  private static final ByteString VERSION = utf8("version");
  private static final ByteString ATTEMPTS = utf8("attempts");
  private static final ByteString REASON = utf8("reason");
  private static final String OWED_PREFIX = "d#";
  private static final String LEASE_PREFIX = "l#";
  // Pub/Sub attributes and logs may carry long reasons; the lease row keeps the start.
  private static final int MAX_REASON = 500;

  private final BigtableDataClient data;
  // Owed marks of the signals stored during one round trip share one bulk request.
  private final GatheredWrites marks;

  public RecomputeStore(BigtableDataClient data) {
    this.data = data;
    this.marks = new GatheredWrites(data, TABLE);
  }

  /**
   * Records that the signal {@code eventId} of {@code userId} is stored but in no Home yet.
   *
   * @param traceparent the W3C trace context of the signal's span, null when it was not traced
   */
  public ApiFuture<Void> markOwed(String userId, String eventId, Instant occurredAt, String traceparent) {
    String value = Long.toString(occurredAt.toEpochMilli());
    return marks.add(OWED_PREFIX + userId, Mutation.create()
        .setCell(OWED, utf8(eventId), System.currentTimeMillis() * 1000,
            utf8(traceparent == null ? value : value + ' ' + traceparent)));
  }

  /**
   * Takes the lease of {@code userId} for {@code owner} until {@code until}, unless another
   * recompute holds it or the user's next recompute may not start yet.
   *
   * @return true when this caller now holds the lease
   */
  public ApiFuture<Boolean> tryAcquire(String userId, String owner, Instant now, Instant until) {
    var busy = FILTERS.chain()
        .filter(FILTERS.family().exactMatch(LEASE))
        .filter(FILTERS.qualifier().exactMatch(UNTIL))
        // Only the newest version counts: older ones stay until GC (forever on the emulator).
        .filter(FILTERS.limit().cellsPerColumn(1))
        .filter(FILTERS.value().range().startClosed(millis(now)));
    var take = ConditionalRowMutation.create(TABLE, LEASE_PREFIX + userId)
        .condition(busy)
        .otherwise(Mutation.create()
            .setCell(LEASE, OWNER, utf8(owner))
            .setCell(LEASE, UNTIL, millis(until)));
    return ApiFutures.transform(data.checkAndMutateRowAsync(take), held -> !held,
        MoreExecutors.directExecutor());
  }

  /**
   * Gives the lease back (only if {@code owner} still holds it): the next recompute of the user
   * may start at {@code nextStart}; {@code version}, {@code attempts} and {@code reason} are kept.
   *
   * @return false when the lease had expired and someone else holds it now
   */
  public ApiFuture<Boolean> release(String userId, String owner, Instant nextStart, long version,
      int attempts, String reason) {
    var mine = FILTERS.chain()
        .filter(FILTERS.family().exactMatch(LEASE))
        .filter(FILTERS.qualifier().exactMatch(OWNER))
        .filter(FILTERS.limit().cellsPerColumn(1))
        .filter(FILTERS.value().exactMatch(utf8(owner)));
    var give = ConditionalRowMutation.create(TABLE, LEASE_PREFIX + userId)
        .condition(mine)
        .then(Mutation.create()
            .setCell(LEASE, OWNER, ByteString.EMPTY)
            .setCell(LEASE, UNTIL, millis(nextStart))
            .setCell(LEASE, VERSION, utf8(Long.toString(version)))
            .setCell(LEASE, ATTEMPTS, utf8(Integer.toString(attempts)))
            .setCell(LEASE, REASON, utf8(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason)));
    return data.checkAndMutateRowAsync(give);
  }

  /** Deletes the owed cells a recompute included (per user, the event ids it saw). */
  public ApiFuture<Void> clearOwed(Map<String, ? extends Collection<String>> eventIdsByUser) {
    var bulk = BulkMutation.create(TABLE);
    int rows = 0;
    for (var e : eventIdsByUser.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      var m = Mutation.create();
      e.getValue().forEach(id -> m.deleteCells(OWED, utf8(id)));
      bulk.add(OWED_PREFIX + e.getKey(), m);
      rows++;
    }
    return rows == 0 ? ApiFutures.immediateFuture(null) : data.bulkMutateRowsAsync(bulk);
  }

  /** The owed signals and the lease of each user (one read): every user is a key of the result. */
  public ApiFuture<Map<String, UserState>> read(Collection<String> userIds) {
    var unique = new LinkedHashSet<>(userIds);
    if (unique.isEmpty()) {
      return ApiFutures.immediateFuture(Map.of());
    }
    var query = Query.create(TABLE).filter(FILTERS.limit().cellsPerColumn(1));
    for (var u : unique) {
      query.rowKey(OWED_PREFIX + u).rowKey(LEASE_PREFIX + u);
    }
    return ApiFutures.transform(data.readRowsCallable().all().futureCall(query), rows -> {
      var byKey = new HashMap<String, Row>(rows.size() * 2);
      rows.forEach(r -> byKey.put(r.getKey().toStringUtf8(), r));
      var states = new LinkedHashMap<String, UserState>(unique.size() * 2);
      for (var u : unique) {
        states.put(u, state(u, byKey.get(OWED_PREFIX + u), byKey.get(LEASE_PREFIX + u)));
      }
      return states;
    }, MoreExecutors.directExecutor());
  }

  /**
   * Users with a signal owed since before {@code markedBefore}, at most {@code limit}: those
   * whose recompute a crashed or stopped replica left behind (the sweep's query).
   */
  public List<String> owedSince(Instant markedBefore, int limit) {
    var query = Query.create(TABLE).prefix(OWED_PREFIX).limit(limit)
        .filter(FILTERS.chain()
            .filter(FILTERS.family().exactMatch(OWED))
            .filter(FILTERS.timestamp().range().endOpen(markedBefore.toEpochMilli() * 1000))
            .filter(FILTERS.limit().cellsPerRow(1))
            .filter(FILTERS.value().strip()));
    var users = new ArrayList<String>();
    for (var row : data.readRows(query)) {
      users.add(row.getKey().toStringUtf8().substring(OWED_PREFIX.length()));
    }
    return users;
  }

  // An owed cell's value: "<occurred_at millis>" or "<occurred_at millis> <traceparent>".
  private static UserState state(String userId, Row owedRow, Row leaseRow) {
    var owed = new LinkedHashMap<String, Instant>();
    var traceparents = new ArrayList<String>();
    for (RowCell cell : owedRow == null ? List.<RowCell>of() : owedRow.getCells(OWED)) {
      String value = cell.getValue().toStringUtf8();
      int space = value.indexOf(' ');
      owed.put(cell.getQualifier().toStringUtf8(),
          Instant.ofEpochMilli(parseLong(space < 0 ? value : value.substring(0, space), 0)));
      if (space >= 0) {
        traceparents.add(value.substring(space + 1));
      }
    }
    return new UserState(userId, owed, traceparents, lease(leaseRow));
  }

  private static Lease lease(Row row) {
    if (row == null) {
      return Lease.NONE;
    }
    var cells = new HashMap<ByteString, ByteString>();
    for (RowCell cell : row.getCells(LEASE)) {
      cells.putIfAbsent(cell.getQualifier(), cell.getValue());
    }
    return new Lease(cells.getOrDefault(OWNER, ByteString.EMPTY).toStringUtf8(),
        Instant.ofEpochMilli(parseLong(cells.get(UNTIL), 0)),
        parseLong(cells.get(VERSION), 0),
        (int) parseLong(cells.get(ATTEMPTS), 0),
        cells.getOrDefault(REASON, ByteString.EMPTY).toStringUtf8());
  }

  /**
   * A user's owed signals (event id to occurred_at), the trace contexts of those that were
   * traced, and the lease.
   */
  public record UserState(String userId, Map<String, Instant> owed, List<String> traceparents, Lease lease) {}

  /**
   * A user's lease: {@code owner} empty when no recompute runs; {@code until} its expiry, or
   * the earliest next start; {@code version} the cell timestamp (micros) of the last write.
   */
  public record Lease(String owner, Instant until, long version, int attempts, String reason) {
    static final Lease NONE = new Lease("", Instant.EPOCH, 0, 0, "");

    public boolean heldAt(Instant now) {
      return !owner.isEmpty() && until.isAfter(now);
    }
  }

  private static long parseLong(ByteString value, long otherwise) {
    return value == null ? otherwise : parseLong(value.toStringUtf8(), otherwise);
  }

  private static long parseLong(String value, long otherwise) {
    try {
      return value.isEmpty() ? otherwise : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static ByteString millis(Instant t) {
    return utf8(String.format("%013d", Math.max(0, t.toEpochMilli())));
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }
}
