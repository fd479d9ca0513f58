package dev.homeshelves.service.store;

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
 * The layout of the {@code plays} table (see {@code PlayStore} for why): row {@code u#<user_id>},
 * family {@code p}, one cell per play, qualifier {@code <inverted occurred_at millis>#<event_id>}
 * (columns sort newest first), timestamp {@code occurred_at}, value the signal itself; and the
 * first-delivery marker row {@code e#<user_id>#<event_id>} (family {@code e}).
 */
public final class PlayRows {

  private static final Logger LOG = LoggerFactory.getLogger(PlayRows.class);
  private static final String EVENT_ROW_PREFIX = "e#";

  private PlayRows() {}

  /** One stored play. */
  public record StoredPlay(String eventId, String trackId, Instant playedAt, long msPlayed,
      String context) {}

  /** The row key of a user's plays (the same as of their shelves and follows). */
  public static String rowKey(String userId) {
    return ShelfRows.userRow(userId);
  }

  /** The marker row of a play's event: {@code e#<user_id>#<event_id>}. */
  public static String eventRow(UserSignal play) {
    return EVENT_ROW_PREFIX + play.getUserId() + "#" + play.getEventId();
  }

  /** The play's cell in its user's row; a redelivery gives the identical cell. */
  public static Cell cell(UserSignal play) {
    return new Cell(TableLayout.PLAYS_FAMILY, qualifier(play), micros(play), play.toByteString());
  }

  public static ByteString qualifier(UserSignal play) {
    long millis = play.getOccurredAt().getSeconds() * 1000 + play.getOccurredAt().getNanos() / 1_000_000;
    return ByteString.copyFrom(
        String.format("%019d#%s", Long.MAX_VALUE - millis, play.getEventId()),
        StandardCharsets.UTF_8);
  }

  /** Bigtable tables default to millisecond granularity: timestamps are micros, multiples of 1000. */
  public static long micros(UserSignal s) {
    return (s.getOccurredAt().getSeconds() * 1000 + s.getOccurredAt().getNanos() / 1_000_000) * 1000;
  }

  /**
   * The newest {@code maxHistory} plays of a row's {@code p} cells (newest cell per column, in
   * row order: newest play first). An unreadable cell is skipped: it must not hide the rest.
   */
  public static List<StoredPlay> history(String userId, List<Cell> cells, int maxHistory) {
    var plays = new ArrayList<StoredPlay>(Math.min(cells.size(), maxHistory));
    for (var cell : cells) {
      if (plays.size() >= maxHistory) {
        break;
      }
      decode(userId, cell, plays);
    }
    return plays;
  }

  /** Adds the play in {@code cell} to {@code into}, or logs and skips it when it does not parse. */
  public static void decode(String userId, Cell cell, List<StoredPlay> into) {
    try {
      var s = UserSignal.parseFrom(cell.value());
      into.add(new StoredPlay(s.getEventId(), s.getItemId(),
          Instant.ofEpochSecond(s.getOccurredAt().getSeconds(), s.getOccurredAt().getNanos()),
          s.getMsPlayed(), s.getContext()));
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("skipping unreadable play {} of user {}: {}",
          cell.qualifier().toStringUtf8(), userId, e.getMessage());
    }
  }
}
