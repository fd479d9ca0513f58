package dev.homeshelves.service.store;

import com.google.protobuf.ByteString;
import dev.homeshelves.api.v1.UserSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The layout of the {@code follows} table: row {@code u#<user_id>}, family {@code f}
 * (qualifier artist id, value {@code 1} followed / {@code 0} unfollowed) and family {@code l}
 * (qualifier track id, value {@code 1}). The cell timestamp is the signal's {@code occurred_at}
 * and reads take the newest cell per column, so the latest action wins whatever order the
 * signals arrive in, and a redelivery rewrites the identical cell.
 */
public final class FollowRows {

  private static final ByteString YES = ByteString.copyFromUtf8("1");
  private static final ByteString NO = ByteString.copyFromUtf8("0");

  private FollowRows() {}

  /** Followed artists and liked tracks of one user. */
  public record Follows(List<Followed> artists, List<Followed> likedTracks) {}

  /** An artist or track and since when. */
  public record Followed(String id, Instant since) {}

  /** The cell a FOLLOW_ARTIST, UNFOLLOW_ARTIST or LIKE signal sets in its user's row. */
  public static Cell cell(UserSignal s) {
    var micros = PlayRows.micros(s);
    var item = ByteString.copyFromUtf8(s.getItemId());
    return switch (s.getKind()) {
      case FOLLOW_ARTIST -> new Cell(TableLayout.FOLLOWS_FAMILY, item, micros, YES);
      case UNFOLLOW_ARTIST -> new Cell(TableLayout.FOLLOWS_FAMILY, item, micros, NO);
      case LIKE -> new Cell(TableLayout.LIKES_FAMILY, item, micros, YES);
      default -> throw new IllegalArgumentException("kind " + s.getKind() + " is not stored in " + TableLayout.FOLLOWS);
    };
  }

  /** What a row's cells (newest per column) say the user follows and likes, each newest first. */
  public static Follows follows(List<Cell> cells) {
    var artists = new ArrayList<Cell>();
    var likes = new ArrayList<Cell>();
    for (var cell : cells) {
      if (!cell.value().equals(YES)) {
        continue;
      }
      if (cell.family().equals(TableLayout.FOLLOWS_FAMILY)) {
        artists.add(cell);
      } else if (cell.family().equals(TableLayout.LIKES_FAMILY)) {
        likes.add(cell);
      }
    }
    return new Follows(newestFirst(artists), newestFirst(likes));
  }

  private static List<Followed> newestFirst(List<Cell> cells) {
    return cells.stream()
        .map(c -> new Followed(c.qualifier().toStringUtf8(), Instant.ofEpochMilli(c.timestampMicros() / 1000)))
        .sorted(Comparator.comparing(Followed::since).reversed())
        .toList();
  }
}
