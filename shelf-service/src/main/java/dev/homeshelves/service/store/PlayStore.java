package dev.homeshelves.service.store;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.ApiExceptions;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.BulkMutation;
import com.google.cloud.bigtable.data.v2.models.ConditionalRowMutation;
import com.google.cloud.bigtable.data.v2.models.Filters.Filter;
import com.google.cloud.bigtable.data.v2.models.Mutation;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.homeshelves.api.v1.UserSignal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's play history in the {@code plays} table: row {@code u#<user_id>}, family
 * {@code p}, one cell per play whose qualifier is {@code <inverted occurred_at millis>#<event_id>}
 * (so columns sort newest first) and whose timestamp is {@code occurred_at}; the value is the
 * signal itself. A redelivered play targets the identical cell, so storing is idempotent. Plays
 * stored while a write is in flight share the next bulk request.
 *
 * <p>Which delivery was the first is told by a marker in a row of its own, {@code
 * e#<user_id>#<event_id>} (family {@code e}), set by a conditional write after the play is
 * stored. The condition is on that small row rather than on the history row: a conditional
 * write reads the row it guards, and the history row holds hundreds of plays (the Bigtable
 * emulator even copies the whole row under a table lock, which held the worker to ~200
 * plays/s).
 */
public final class PlayStore {

  private static final Logger LOG = LoggerFactory.getLogger(PlayStore.class);

  private static final String FAMILY = Tables.PLAYS_FAMILY;
  // Plays are read in one pass with this many extra cells, so an over-long row is trimmed
  // back to the history bound without a second read.
  private static final int TRIM_SLACK = 64;

  private final BigtableDataClient data;
  private final TableId table;
  private final int maxHistory;
  private final GatheredWrites playWrites;

  public PlayStore(BigtableDataClient data, int maxHistory) {
    if (maxHistory < 1) {
      throw new IllegalArgumentException("play history must be at least 1, got " + maxHistory);
    }
    this.data = data;
    this.table = TableId.of(Tables.PLAYS);
    this.maxHistory = maxHistory;
    this.playWrites = new GatheredWrites(data, table);
  }

  /** The row key of a user's plays (the same as of their shelves and follows). */
  public static String rowKey(String userId) {
    return PlayRows.rowKey(userId);
  }

  /**
   * Stores a play; completes with {@code true} when this was the event's first delivery,
   * {@code false} for a repeat (on this replica or any other). Storing first and marking second
   * means a crash in between loses nothing: the redelivery stores the same cell again and is
   * then the first to mark.
   */
  public ApiFuture<Boolean> storeIfNew(UserSignal play) {
    return ApiFutures.transformAsync(store(play), done -> markFirstDelivery(play),
        MoreExecutors.directExecutor());
  }

  /** Stores a play's cell (idempotent: a redelivery rewrites the identical cell). */
  public ApiFuture<Void> store(UserSignal play) {
    return playWrites.add(rowKey(play.getUserId()), ShelfStore.mutation(List.of(PlayRows.cell(play))));
  }


  /**
   * Sets the event's marker; completes with {@code true} when this call set it (the first
   * delivery to get this far), {@code false} when it was already set.
   */
  public ApiFuture<Boolean> markFirstDelivery(UserSignal play) {
    // No predicate: "does the row have any cell", which a marker row has once marked.
    var mark = ConditionalRowMutation.create(table, eventRow(play))
        .otherwise(Mutation.create().setCell(Tables.EVENTS_FAMILY, ByteString.EMPTY, micros(play), ByteString.EMPTY));
    return ApiFutures.transform(data.checkAndMutateRowAsync(mark), existed -> !existed,
        MoreExecutors.directExecutor());
  }

  /** The marker row of a play's event: {@code e#<user_id>#<event_id>}. */
  static String eventRow(UserSignal play) {
    return PlayRows.eventRow(play);
  }

  /**
   * Stores many plays of one user in one row mutation (seeding, imports). Idempotent: a play's
   * cell is fixed by its time and event id, so storing it again rewrites the identical cell.
   */
  public void storeAll(String userId, List<UserSignal> plays) {
    if (plays.isEmpty()) {
      return;
    }
    var mutation = RowMutation.create(table, rowKey(userId));
    for (var play : plays) {
      if (!play.getUserId().equals(userId)) {
        throw new IllegalArgumentException("play " + play.getEventId() + " is of user '" + play.getUserId()
            + "', not '" + userId + "'");
      }
      var cell = PlayRows.cell(play);
      mutation.setCell(cell.family(), cell.qualifier(), cell.timestampMicros(), cell.value());
    }
    data.mutateRow(mutation);
  }

  /**
   * The user's newest plays, newest first, at most the configured history. Plays beyond the
   * history found in the same read are deleted, which keeps each row bounded.
   */
  public List<PlayRows.StoredPlay> history(String userId) {
    return ApiExceptions.callAndTranslateApiException(historiesAsync(List.of(userId))).get(userId);
  }

  /**
   * The histories of many users in one read (one round trip for a batch of recomputes), like
   * {@link #history} each: every user in {@code userIds} is a key of the result, empty when they
   * have no plays. It completes after over-long rows are trimmed, in one bulk write (rare: at
   * most once per {@code TRIM_SLACK} plays of a user).
   */
  public ApiFuture<Map<String, List<PlayRows.StoredPlay>>> historiesAsync(List<String> userIds) {
    var query = Query.create(table).filter(historyFilter());
    var unique = new LinkedHashSet<>(userIds);
    unique.forEach(u -> query.rowKey(rowKey(u)));
    var read = data.readRowsCallable().all().futureCall(query);
    return ApiFutures.transformAsync(read, rows -> {
      var byRow = new HashMap<String, Row>(rows.size() * 2);
      rows.forEach(r -> byRow.put(r.getKey().toStringUtf8(), r));
      var histories = new HashMap<String, List<PlayRows.StoredPlay>>(unique.size() * 2);
      var trims = new ArrayList<Trim>();
      for (var u : unique) {
        histories.put(u, decodeAndTrim(u, byRow.get(rowKey(u)), trims));
      }
      if (trims.isEmpty()) {
        return ApiFutures.immediateFuture(histories);
      }
      var bulk = BulkMutation.create(table);
      trims.forEach(t -> bulk.add(t.rowKey(), t.mutation()));
      return ApiFutures.transform(data.bulkMutateRowsAsync(bulk), done -> histories,
          MoreExecutors.directExecutor());
    }, MoreExecutors.directExecutor());
  }

  private Filter historyFilter() {
    return FILTERS.chain()
        .filter(FILTERS.family().exactMatch(FAMILY))
        .filter(FILTERS.limit().cellsPerColumn(1))
        .filter(FILTERS.limit().cellsPerRow(maxHistory + TRIM_SLACK));
  }

  /** Deletes the plays of a row beyond the history bound. */
  private record Trim(String rowKey, Mutation mutation) {}

  /** The newest {@code maxHistory} plays of the row; the cells beyond go into a trim mutation. */
  private List<PlayRows.StoredPlay> decodeAndTrim(String userId, Row row, List<Trim> trims) {
    if (row == null) {
      return List.of();
    }
    var plays = new ArrayList<PlayRows.StoredPlay>(Math.min(row.getCells().size(), maxHistory));
    Mutation trim = null;
    for (RowCell cell : row.getCells()) {
      if (plays.size() < maxHistory) {
        PlayRows.decode(userId, cell(cell), plays);
      } else {
        if (trim == null) {
          trim = Mutation.create();
        }
        trim.deleteCells(FAMILY, cell.getQualifier());
      }
    }
    if (trim != null) {
      trims.add(new Trim(rowKey(userId), trim));
    }
    return plays;
  }

  static ByteString qualifier(UserSignal play) {
    return PlayRows.qualifier(play);
  }

  static long micros(UserSignal s) {
    return PlayRows.micros(s);
  }

  /** A client cell as the layout's {@link Cell}. */
  static Cell cell(RowCell cell) {
    return new Cell(cell.getFamily(), cell.getQualifier(), cell.getTimestamp(), cell.getValue());
  }
}
