package dev.homeshelves.service.store;

import dev.homeshelves.shelves.Trending;
import dev.homeshelves.shelves.TrendingItem;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of the trending counts in the {@code trending} table, as {@code TrendingStore}
 * writes them and every reader sums them: rows {@code tr#<bucket start>#<shard>#…} (bucket start
 * {@code yyyyMMdd'T'HHmm'Z'}), count cells {@code d/<writer>/<seq>/<track id>} holding a 64-bit
 * big-endian count. A window's counts are the sum of every count cell under its buckets.
 */
public final class TrendingRows {

  public static final String ROW_PREFIX = "tr#";
  /** Count cells' qualifiers start with this; {@link #COUNT_END} is the first qualifier after them. */
  public static final String COUNT_START = "d/";
  public static final String COUNT_END = "d0";
  // The shelves show a few dozen items; more only costs memory in every context.
  private static final int TOP = 500;
  private static final DateTimeFormatter BUCKET =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

  private TrendingRows() {}

  /** The start of the bucket of size {@code bucket} that {@code t} falls in. */
  public static Instant bucketOf(Instant t, Duration bucket) {
    long size = bucket.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), size) * size);
  }

  /** The key prefix of one bucket's rows in one shard. */
  public static String rowKey(Instant bucketStart, int shard) {
    return bucketPrefix(bucketStart) + "#" + String.format("%03d", shard);
  }

  /** The first row key of the bucket starting at {@code bucketStart}. */
  public static String bucketPrefix(Instant bucketStart) {
    return ROW_PREFIX + BUCKET.format(bucketStart);
  }

  /** The row range (start closed, end open) of the buckets {@code [from, to]} touches. */
  public static String[] range(Instant from, Instant to, Duration bucket) {
    return new String[] {bucketPrefix(bucketOf(from, bucket)), bucketPrefix(bucketOf(to, bucket).plus(bucket))};
  }

  /**
   * The row of one unit: one writer's counts of one bucket (see {@code TrendingStore} for why a
   * unit is a row of its own).
   */
  public static String unitRow(Instant bucketStart, int shard, String writer, long seq) {
    return rowKey(bucketStart, shard) + "#" + writer + "#" + seq;
  }

  /** The marker qualifier saying a unit is stored. */
  public static String unitMarker(String writer, long seq) {
    return "u/" + writer + "/" + seq;
  }

  /**
   * A unit's cells: its marker and one count cell per track ({@code d/<writer>/<seq>/<track>},
   * a 64-bit big-endian count), all stamped with the bucket's start.
   */
  public static List<Cell> unitCells(Instant bucketStart, String writer, long seq, Map<String, Long> counts) {
    long ts = bucketStart.toEpochMilli() * 1000;
    var cells = new ArrayList<Cell>(counts.size() + 1);
    cells.add(new Cell(TableLayout.TRENDING_FAMILY, ByteString.copyFromUtf8(unitMarker(writer, seq)), ts, ByteString.EMPTY));
    counts.forEach((track, n) -> cells.add(new Cell(TableLayout.TRENDING_FAMILY,
        ByteString.copyFromUtf8("d/" + writer + "/" + seq + "/" + track), ts,
        ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES).putLong(n).array()))));
    return cells;
  }

  /** The track id of a count cell's qualifier {@code d/<writer>/<seq>/<track id>}. */
  public static String trackOf(String qualifier) {
    int afterWriter = qualifier.indexOf('/', 2);
    int afterSeq = qualifier.indexOf('/', afterWriter + 1);
    return qualifier.substring(afterSeq + 1);
  }

  /** Adds a count cell (newest version of a {@code d/} column) to per-track totals. */
  public static void add(Cell countCell, Map<String, Long> totals) {
    totals.merge(trackOf(countCell.qualifier().toStringUtf8()),
        ByteBuffer.wrap(countCell.value().toByteArray()).getLong(), Long::sum);
  }

  /** Per-track totals of count cells. */
  public static Map<String, Long> sum(Iterable<Cell> countCells) {
    var totals = new HashMap<String, Long>();
    countCells.forEach(c -> add(c, totals));
    return totals;
  }

  /** What recomputes see: the most played tracks of the window, most first, ties by id. */
  public static Trending top(Map<String, Long> counts, Duration window) {
    var top = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .map(e -> new TrendingItem(e.getKey(), e.getValue()))
        .toList();
    return new Trending(window, top);
  }
}
