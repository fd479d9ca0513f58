package dev.homeshelves.service.store;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.ApiExceptions;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Followed artists and liked tracks in the {@code follows} table: row {@code u#<user_id>},
 * family {@code f} (qualifier artist id, value {@code 1} followed / {@code 0} unfollowed) and
 * family {@code l} (qualifier track id, value {@code 1}). The cell timestamp is the signal's
 * {@code occurred_at} and reads take the newest cell per column, so the latest action wins
 * whatever order the signals arrive in, and a redelivery rewrites the identical cell.
 */
public final class FollowStore {


  private final BigtableDataClient data;
  private final TableId table;

  public FollowStore(BigtableDataClient data) {
    this.data = data;
    this.table = TableId.of(Tables.FOLLOWS);
  }

  /** Applies a FOLLOW_ARTIST, UNFOLLOW_ARTIST or LIKE signal. */
  public ApiFuture<Void> apply(UserSignal s) {
    var row = RowMutation.create(table, PlayStore.rowKey(s.getUserId()));
    var cell = FollowRows.cell(s);
    row.setCell(cell.family(), cell.qualifier(), cell.timestampMicros(), cell.value());
    return data.mutateRowAsync(row);
  }

  /** What a user follows and likes, each newest first. */
  public FollowRows.Follows read(String userId) {
    return ApiExceptions.callAndTranslateApiException(readAllAsync(List.of(userId))).get(userId);
  }

  /**
   * What many users follow and like, in one read (one round trip for a batch of recomputes):
   * every user in {@code userIds} is a key of the result.
   */
  public ApiFuture<Map<String, FollowRows.Follows>> readAllAsync(List<String> userIds) {
    var query = Query.create(table).filter(FILTERS.limit().cellsPerColumn(1));
    var unique = new LinkedHashSet<>(userIds);
    unique.forEach(u -> query.rowKey(PlayStore.rowKey(u)));
    return ApiFutures.transform(data.readRowsCallable().all().futureCall(query), rows -> {
      var byRow = new HashMap<String, Row>(rows.size() * 2);
      rows.forEach(r -> byRow.put(r.getKey().toStringUtf8(), r));
      var all = new HashMap<String, FollowRows.Follows>(unique.size() * 2);
      for (var u : unique) {
        all.put(u, follows(byRow.get(PlayStore.rowKey(u))));
      }
      return all;
    }, MoreExecutors.directExecutor());
  }

  private static FollowRows.Follows follows(Row row) {
    return FollowRows.follows(row == null ? List.of() : row.getCells().stream().map(PlayStore::cell).toList());
  }
}
