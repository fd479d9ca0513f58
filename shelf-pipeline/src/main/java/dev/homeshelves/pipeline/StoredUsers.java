package dev.homeshelves.pipeline;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.ByteString;
import dev.homeshelves.service.store.Cell;
import dev.homeshelves.service.store.ConfigRows;
import dev.homeshelves.service.store.PlayRows;
import dev.homeshelves.service.store.TableLayout;
import dev.homeshelves.service.store.TrendingRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming recompute's reads: one user's stored plays and follows (as the worker's
 * LoadContext reads them), the config table and the trending window (re-read at most every
 * {@code refresh}, as the worker's poller and trending refresh do), all as layout cells.
 */
final class StoredUsers implements AutoCloseable {

  private final BigtableDataClient data;
  private final Duration trendingWindow;
  private final Duration trendingBucket;
  private final Duration refresh;
  private Instant readAt = Instant.EPOCH;
  private Map<String, byte[]> config = Map.of();
  private Map<String, Long> trending = Map.of();

  /** Where Bigtable is and the trending window, from the options (which a DoFn cannot hold). */
  record Target(String project, String instance, String emulator, String trendingWindow, String trendingBucket)
      implements java.io.Serializable {
    static Target of(HomeShelvesOptions o) {
      return new Target(o.getBigtableProject(), o.getBigtableInstance(), o.getBigtableEmulator(),
          o.getTrendingWindow(), o.getTrendingBucket());
    }
  }

  StoredUsers(Target target, Duration refresh) {
    this.trendingWindow = Durations.parse("trending-window", target.trendingWindow());
    this.trendingBucket = Durations.parse("trending-bucket", target.trendingBucket());
    this.refresh = refresh;
    try {
      var emulator = target.emulator();
      var settings = emulator.isBlank()
          ? BigtableDataSettings.newBuilder()
          : BigtableDataSettings.newBuilderForEmulator(emulator.substring(0, emulator.lastIndexOf(':')),
              Integer.parseInt(emulator.substring(emulator.lastIndexOf(':') + 1)));
      this.data = BigtableDataClient.create(settings.setProjectId(target.project())
          .setInstanceId(target.instance()).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to Bigtable", e);
    }
  }

  /** The user's stored plays (newest cell per column, in row order). */
  List<Cell> plays(String userId) {
    return cells(data.readRow(TableId.of(TableLayout.PLAYS), PlayRows.rowKey(userId),
        FILTERS.chain().filter(FILTERS.family().exactMatch(TableLayout.PLAYS_FAMILY))
            .filter(FILTERS.limit().cellsPerColumn(1))));
  }

  /** The user's stored likes and follows (newest cell per column). */
  List<Cell> follows(String userId) {
    return cells(data.readRow(TableId.of(TableLayout.FOLLOWS), PlayRows.rowKey(userId), FILTERS.limit().cellsPerColumn(1)));
  }

  /** The config table's newest values by row key, re-read when older than the refresh interval. */
  synchronized Map<String, byte[]> config(Instant now) {
    refreshIfDue(now);
    return config;
  }

  /** Per-track counts of the trending window ending at the last refresh. */
  synchronized Map<String, Long> trending(Instant now) {
    refreshIfDue(now);
    return trending;
  }

  private void refreshIfDue(Instant now) {
    if (Duration.between(readAt, now).compareTo(refresh) < 0) {
      return;
    }
    var values = new LinkedHashMap<String, byte[]>();
    for (var row : data.readRows(Query.create(TableId.of(TableLayout.CONFIG)).filter(FILTERS.chain()
        .filter(FILTERS.family().exactMatch(TableLayout.CONFIG_FAMILY))
        .filter(FILTERS.qualifier().exactMatch(ConfigRows.COLUMN))
        .filter(FILTERS.limit().cellsPerColumn(1))))) {
      values.put(row.getKey().toStringUtf8(), row.getCells().get(0).getValue().toByteArray());
    }
    var range = TrendingRows.range(now.minus(trendingWindow), now, trendingBucket);
    var counts = new HashMap<String, Long>();
    for (var row : data.readRows(Query.create(TableId.of(TableLayout.TRENDING)).range(range[0], range[1])
        .filter(FILTERS.chain().filter(FILTERS.family().exactMatch(TableLayout.TRENDING_FAMILY))
            .filter(FILTERS.qualifier().rangeWithinFamily(TableLayout.TRENDING_FAMILY)
                .startClosed(TrendingRows.COUNT_START).endOpen(TrendingRows.COUNT_END))
            .filter(FILTERS.limit().cellsPerColumn(1))))) {
      cells(row).forEach(c -> TrendingRows.add(c, counts));
    }
    config = values;
    trending = counts;
    readAt = now;
  }

  /**
   * Stored cells with the cells of signals not yet stored (buffered by the debounce): per column
   * the newest, in Bigtable's order, so the recompute sees the signals whether or not their own
   * writes have landed.
   */
  static List<Cell> merged(List<Cell> stored, List<Cell> pending) {
    var newest = new LinkedHashMap<String, Cell>();
    for (var c : stored) {
      newest.merge(c.family() + "\0" + c.qualifier().toStringUtf8(), c, StoredUsers::newer);
    }
    for (var c : pending) {
      newest.merge(c.family() + "\0" + c.qualifier().toStringUtf8(), c, StoredUsers::newer);
    }
    var cells = new ArrayList<>(newest.values());
    cells.sort(Comparator.comparing(Cell::family)
        .thenComparing(Cell::qualifier, ByteString.unsignedLexicographicalComparator()));
    return cells;
  }

  private static Cell newer(Cell a, Cell b) {
    return b.timestampMicros() > a.timestampMicros() ? b : a;
  }

  private static List<Cell> cells(Row row) {
    var cells = new ArrayList<Cell>();
    if (row != null) {
      for (RowCell c : row.getCells()) {
        cells.add(new Cell(c.getFamily(), c.getQualifier(), c.getTimestamp(), c.getValue()));
      }
    }
    return cells;
  }

  @Override
  public void close() {
    data.close();
  }
}
