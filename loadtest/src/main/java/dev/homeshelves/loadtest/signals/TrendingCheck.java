package dev.homeshelves.loadtest.signals;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.homeshelves.api.v1.Shelf;

/**
 * Whether a track is on the trending shelf of a stored Home: the default Home (row
 * {@code default}) or a user's (row {@code u#<user>}), newest version of each shelf.
 */
public final class TrendingCheck {
  private static final String TRENDING = "trending";

  private final BigtableDataClient client;

  public TrendingCheck(BigtableDataClient client) {
    this.client = client;
  }

  /** 1-based position of {@code trackId} on the row's trending shelf; 0 if absent or no such shelf. */
  public int positionOn(String rowKey, String trackId) {
    Row row = client.readRow(TableId.of("shelves"), rowKey, FILTERS.chain()
        .filter(FILTERS.family().exactMatch("s"))
        .filter(FILTERS.limit().cellsPerColumn(1)));
    if (row == null) {
      return 0;
    }
    for (RowCell cell : row.getCells()) {
      if (!cell.getQualifier().toStringUtf8().contains(TRENDING) || cell.getValue().isEmpty()) {
        continue;
      }
      try {
        Shelf shelf = Shelf.parseFrom(cell.getValue());
        for (int i = 0; i < shelf.getItemsCount(); i++) {
          if (shelf.getItems(i).getId().equals(trackId)) {
            return i + 1;
          }
        }
      } catch (InvalidProtocolBufferException e) {
        // unreadable shelf: not evidence of the track
      }
    }
    return 0;
  }
}
