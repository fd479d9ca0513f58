package dev.homeshelves.service.store;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.ApiExceptions;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.ConditionalRowMutation;
import com.google.cloud.bigtable.data.v2.models.Mutation;
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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's play history in the {@code plays} table: row {@code u#<user_id>}, family
 * {@code p}, one cell per play whose qualifier is {@code <inverted occurred_at millis>#<event_id>}
 * (so columns sort newest first) and whose timestamp is {@code occurred_at}; the value is the
 * signal itself. A redelivered play targets the identical cell, so storing is idempotent.
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
  private static final String EVENT_ROW_PREFIX = "e#";
  // Plays are read in one pass with this many extra cells, so an over-long row is trimmed
  // back to the history bound without a second read.
  private static final int TRIM_SLACK = 64;

  private final BigtableDataClient data;
  private final TableId table;
  private final int maxHistory;

  public PlayStore(BigtableDataClient data, int maxHistory) {
    if (maxHistory < 1) {
      throw new IllegalArgumentException("play history must be at least 1, got " + maxHistory);
    }
    this.data = data;
    this.table = TableId.of(Tables.PLAYS);
    this.maxHistory = maxHistory;
  }

  /** The row key of a user's plays (the same as of their shelves and follows). */
  public static String rowKey(String userId) {
    return ShelfStore.userRow(userId);
  }

  /**
   * Stores a play; completes with {@code true} when this was the event's first delivery,
   * {@code false} for a repeat (on this replica or any other). Storing first and marking second
   * means a crash in between loses nothing: the redelivery stores the same cell again and is
   * then the first to mark.
   */
  public ApiFuture<Boolean> storeIfNew(UserSignal play) {
    var stored = data.mutateRowAsync(RowMutation.create(table, rowKey(play.getUserId()))
        .setCell(FAMILY, qualifier(play), micros(play), play.toByteString()));
    return ApiFutures.transformAsync(stored, done -> markFirstDelivery(play),
        MoreExecutors.directExecutor());
  }

  private ApiFuture<Boolean> markFirstDelivery(UserSignal play) {
    // No predicate: "does the row have any cell", which a marker row has once marked.
    var mark = ConditionalRowMutation.create(table, eventRow(play))
        .otherwise(Mutation.create().setCell(Tables.EVENTS_FAMILY, ByteString.EMPTY, micros(play), ByteString.EMPTY));
    return ApiFutures.transform(data.checkAndMutateRowAsync(mark), existed -> !existed,
        MoreExecutors.directExecutor());
  }

  /** The marker row of a play's event: {@code e#<user_id>#<event_id>}. */
  static String eventRow(UserSignal play) {
    return EVENT_ROW_PREFIX + play.getUserId() + "#" + play.getEventId();
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
      mutation.setCell(FAMILY, qualifier(play), micros(play), play.toByteString());
    }
    data.mutateRow(mutation);
  }

  /**
   * The user's newest plays, newest first, at most the configured history. Plays beyond the
   * history found in the same read are deleted, which keeps each row bounded.
   */
  public List<StoredPlay> history(String userId) {
    return ApiExceptions.callAndTranslateApiException(historyAsync(userId));
  }

  /**
   * {@link #history} without blocking, so a recompute can read plays and follows in one round
   * trip. It completes after the trim of an over-long row (rare: at most once per
   * {@code TRIM_SLACK} plays of a user).
   */
  public ApiFuture<List<StoredPlay>> historyAsync(String userId) {
    var read = data.readRowAsync(table, rowKey(userId), FILTERS.chain()
        .filter(FILTERS.family().exactMatch(FAMILY))
        .filter(FILTERS.limit().cellsPerColumn(1))
        .filter(FILTERS.limit().cellsPerRow(maxHistory + TRIM_SLACK)));
    return ApiFutures.transformAsync(read, row -> decodeAndTrim(userId, row),
        MoreExecutors.directExecutor());
  }

  private ApiFuture<List<StoredPlay>> decodeAndTrim(String userId, Row row) {
    if (row == null) {
      return ApiFutures.immediateFuture(List.of());
    }
    var plays = new ArrayList<StoredPlay>(Math.min(row.getCells().size(), maxHistory));
    RowMutation trim = null;
    for (RowCell cell : row.getCells()) {
      if (plays.size() < maxHistory) {
        decode(userId, cell, plays);
      } else {
        if (trim == null) {
          trim = RowMutation.create(table, rowKey(userId));
        }
        trim.deleteCells(FAMILY, cell.getQualifier());
      }
    }
    if (trim == null) {
      return ApiFutures.immediateFuture(plays);
    }
    List<StoredPlay> kept = plays;
    return ApiFutures.transform(data.mutateRowAsync(trim), done -> kept, MoreExecutors.directExecutor());
  }

  private static void decode(String userId, RowCell cell, List<StoredPlay> into) {
    try {
      var s = UserSignal.parseFrom(cell.getValue());
      into.add(new StoredPlay(s.getEventId(), s.getItemId(),
          Instant.ofEpochSecond(s.getOccurredAt().getSeconds(), s.getOccurredAt().getNanos()),
          s.getMsPlayed(), s.getContext()));
    } catch (InvalidProtocolBufferException e) {
      // One unreadable cell must not hide the rest of the history.
      LOG.warn("skipping unreadable play {} of user {}: {}",
          cell.getQualifier().toStringUtf8(), userId, e.getMessage());
    }
  }

  static ByteString qualifier(UserSignal play) {
    long millis = play.getOccurredAt().getSeconds() * 1000 + play.getOccurredAt().getNanos() / 1_000_000;
    return ByteString.copyFrom(
        String.format("%019d#%s", Long.MAX_VALUE - millis, play.getEventId()),
        StandardCharsets.UTF_8);
  }

  // Bigtable tables default to millisecond granularity: timestamps are micros, multiples of 1000.
  static long micros(UserSignal s) {
    return (s.getOccurredAt().getSeconds() * 1000 + s.getOccurredAt().getNanos() / 1_000_000) * 1000;
  }

  /** One stored play. */
  public record StoredPlay(String eventId, String trackId, Instant playedAt, long msPlayed,
      String context) {}
}
