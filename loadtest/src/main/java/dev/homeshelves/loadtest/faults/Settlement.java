package dev.homeshelves.loadtest.faults;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.gax.rpc.ApiExceptions;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.store.FollowRows;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.RecomputeStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.Tables;
import dev.homeshelves.service.store.TrendingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads what the workers left in Bigtable and compares it with the {@link Ledger}:
 *
 * <ul>
 *   <li><b>not stored</b>: signals with no trace: a play with no cell in its user's {@code plays}
 *       row whose qualifier ends in {@code #<event_id>}; a like or follow whose {@code follows}
 *       column (newest cell) does not carry its {@code occurred_at};
 *   <li><b>stored twice</b>: plays with more than one cell (any qualifier or version) for their
 *       event id;
 *   <li><b>stale Homes</b>: users whose Home does not reflect their newest signal: among the newest
 *       readable cell of each shelf in their {@code shelves} row (what GetHome serves), none says
 *       in {@code provenance.last_signal_at} that it was computed from data including a signal at
 *       or after that signal's {@code occurred_at}, and the row's newest manifest is not an
 *       empty one written at or after it (a recompute that had nothing to show); no row at all
 *       counts as stale;
 *   <li><b>trending error</b>: the sum over tracks of |stored count − plays published|, over the
 *       buckets of the run, read as the service reads them ({@code TrendingStore.counts}).
 * </ul>
 */
final class Settlement {
  private static final int ROWS_PER_READ = 200;

  private final BigtableDataClient client;
  private final Ledger ledger;
  private final Instant runStart;
  private final Duration trendingBucket;

  /** Where the run stands, as read from Bigtable. */
  record Figures(long notStored, long storedTwice, long staleHomes, long trendingError,
      long trendingStored, long trendingExpected) {

    boolean settled() {
      return notStored == 0 && storedTwice == 0 && staleHomes == 0 && trendingError == 0;
    }
  }

  Settlement(BigtableDataClient client, Ledger ledger, Instant runStart, Duration trendingBucket) {
    this.client = client;
    this.ledger = ledger;
    this.runStart = runStart;
    this.trendingBucket = trendingBucket;
  }

  Figures read() {
    var signals = ledger.all();
    var users = ledger.users();
    var playCells = playCellsByEvent(users);
    long notStored = 0;
    long storedTwice = 0;
    var follows = ApiExceptions.callAndTranslateApiException(new FollowStore(client).readAllAsync(users));
    for (var s : signals) {
      if (s.getKind() == SignalKind.PLAY) {
        int cells = playCells.getOrDefault(s.getEventId(), 0);
        notStored += cells == 0 ? 1 : 0;
        storedTwice += cells > 1 ? 1 : 0;
      } else if (!followStored(s, follows.get(s.getUserId()))) {
        notStored++;
      }
    }
    long stale = staleHomes(ledger.newestSignalMillis());
    var expected = ledger.playsPerTrack();
    var stored = new TrendingStore(client, trendingBucket)
        .counts(runStart.minus(trendingBucket), Instant.now().plus(trendingBucket));
    long error = 0;
    var tracks = new HashSet<>(expected.keySet());
    tracks.addAll(stored.keySet());
    for (var t : tracks) {
      error += Math.abs(stored.getOrDefault(t, 0L) - expected.getOrDefault(t, 0L));
    }
    return new Figures(notStored, storedTwice, stale, error,
        stored.values().stream().mapToLong(Long::longValue).sum(),
        expected.values().stream().mapToLong(Long::longValue).sum());
  }

  private static boolean followStored(UserSignal s, FollowRows.Follows f) {
    if (f == null) {
      return false;
    }
    var items = s.getKind() == SignalKind.LIKE ? f.likedTracks() : f.artists();
    long at = Ledger.millis(s);
    return items.stream().anyMatch(i -> i.id().equals(s.getItemId()) && i.since().toEpochMilli() == at);
  }

  /** Cells per event id in the users' play rows, every version. */
  private Map<String, Integer> playCellsByEvent(List<String> users) {
    var counts = new HashMap<String, Integer>();
    for (int i = 0; i < users.size(); i += ROWS_PER_READ) {
      var query = Query.create(TableId.of(Tables.PLAYS)).filter(FILTERS.family().exactMatch(Tables.PLAYS_FAMILY));
      users.subList(i, Math.min(users.size(), i + ROWS_PER_READ)).forEach(u -> query.rowKey(PlayStore.rowKey(u)));
      for (Row row : client.readRows(query)) {
        for (RowCell cell : row.getCells()) {
          String qualifier = cell.getQualifier().toStringUtf8();
          counts.merge(qualifier.substring(qualifier.indexOf('#') + 1), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  private long staleHomes(Map<String, Long> newestByUser) {
    var applied = appliedByUser(newestByUser.keySet());
    return newestByUser.keySet().stream().filter(u -> isStale(u, newestByUser, applied)).count();
  }

  private static boolean isStale(String user, Map<String, Long> newestByUser, Map<String, Long> applied) {
    return applied.getOrDefault(user, -1L) < newestByUser.get(user);
  }

  /**
   * Up to {@code max} lines, one per stale user: their newest signal, what their Home reflects,
   * and their row of the recompute table (owed marks, lease) — why the run has not settled.
   */
  List<String> explainStale(int max) {
    var newest = ledger.newestSignalMillis();
    var applied = appliedByUser(newest.keySet());
    var stale = newest.keySet().stream().filter(u -> isStale(u, newest, applied)).sorted().limit(max).toList();
    if (stale.isEmpty()) {
      return List.of();
    }
    var states = ApiExceptions.callAndTranslateApiException(new RecomputeStore(client).read(stale));
    var signals = ledger.all();
    var lines = new java.util.ArrayList<String>();
    for (var user : stale) {
      var last = signals.stream()
          .filter(s -> s.getUserId().equals(user) && Ledger.millis(s) == newest.get(user))
          .findFirst().orElseThrow();
      Long reflects = applied.get(user);
      var state = states.get(user);
      var lease = state.lease();
      lines.add(String.format("%s: newest signal %s %s at %s; Home reflects %s; owed %s;"
              + " lease owner '%s' until %s, version %s, attempts %d%s",
          user, last.getKind(), last.getEventId(), Instant.ofEpochMilli(newest.get(user)),
          reflects == null ? "nothing (no shelves row)"
              : reflects < 0 ? "no signal" : "signals up to " + Instant.ofEpochMilli(reflects),
          state.owed().keySet(), lease.owner(), lease.until(),
          Instant.ofEpochMilli(lease.version()), lease.attempts(),
          lease.reason().isEmpty() ? "" : ", last failure: " + lease.reason()));
    }
    return lines;
  }

  /** Per user with a shelves row, the newest signal time their Home reflects (-1: none). */
  private Map<String, Long> appliedByUser(Set<String> userIds) {
    var applied = new HashMap<String, Long>();
    var users = List.copyOf(userIds);
    for (int i = 0; i < users.size(); i += ROWS_PER_READ) {
      var query = Query.create(TableId.of(Tables.SHELVES)).filter(FILTERS.chain()
          .filter(FILTERS.family().exactMatch(Tables.SHELVES_FAMILY))
          .filter(FILTERS.limit().cellsPerColumn(Tables.SHELF_VERSIONS)));
      users.subList(i, Math.min(users.size(), i + ROWS_PER_READ)).forEach(u -> query.rowKey(PlayStore.rowKey(u)));
      for (Row row : client.readRows(query)) {
        applied.put(row.getKey().toStringUtf8().substring(ShelfStore.USER_ROW_PREFIX.length()), newestAppliedMillis(row));
      }
    }
    return applied;
  }

  /** The newest last_signal_at among the shelves GetHome would serve from this row (-1: none). */
  static long newestAppliedMillis(Row row) {
    long newest = -1;
    Set<String> served = new HashSet<>();
    // Cells come per column, newest version first: the first readable one is the one served.
    for (RowCell cell : row.getCells()) {
      String column = cell.getQualifier().toStringUtf8();
      if (cell.getQualifier().equals(ShelfStore.MANIFEST)) {
        if (served.add(column) && cell.getValue().isEmpty()) {
          // The newest recompute found nothing to show (say, a user who only followed an
          // artist and no similarity model): its empty manifest is written at that moment.
          newest = Math.max(newest, TimeUnit.MICROSECONDS.toMillis(cell.getTimestamp()));
        }
        continue;
      }
      if (served.contains(column) || cell.getValue().isEmpty()) {
        continue;
      }
      try {
        Shelf shelf = Shelf.parseFrom(cell.getValue());
        served.add(column);
        if (shelf.getProvenance().hasLastSignalAt()) {
          var t = shelf.getProvenance().getLastSignalAt();
          newest = Math.max(newest, TimeUnit.SECONDS.toMillis(t.getSeconds()) + t.getNanos() / 1_000_000);
        }
      } catch (InvalidProtocolBufferException unreadable) {
        // not served; an older version of the column may be
      }
    }
    return newest;
  }
}
