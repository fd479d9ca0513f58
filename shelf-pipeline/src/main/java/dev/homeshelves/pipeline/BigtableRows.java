package dev.homeshelves.pipeline;

import com.google.bigtable.v2.Mutation;
import com.google.bigtable.v2.Row;
import com.google.bigtable.v2.RowFilter;
import com.google.protobuf.ByteString;
import dev.homeshelves.service.store.Cell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.gcp.bigtable.BigtableIO;
import org.apache.beam.sdk.io.range.ByteKey;
import org.apache.beam.sdk.io.range.ByteKeyRange;

/**
 * The pipeline's Bigtable adapter: BigtableIO's {@code com.google.bigtable.v2} rows and
 * mutations to and from the layout's {@link Cell}s (the same cells the service's stores write
 * and read), and BigtableIO configured from the options.
 */
final class BigtableRows {

  private BigtableRows() {}

  /** A row's cells in Bigtable's order: family, qualifier, newest first. */
  static List<Cell> cells(Row row) {
    var cells = new ArrayList<Cell>();
    for (var family : row.getFamiliesList()) {
      for (var column : family.getColumnsList()) {
        for (var cell : column.getCellsList()) {
          cells.add(new Cell(family.getName(), column.getQualifier(), cell.getTimestampMicros(), cell.getValue()));
        }
      }
    }
    return cells;
  }

  /** The cells of several rows (one user's, read from one table), row after row. */
  static List<Cell> cells(Iterable<Row> rows) {
    var cells = new ArrayList<Cell>();
    rows.forEach(r -> cells.addAll(cells(r)));
    return cells;
  }

  /** The cells as set-cell mutations of one row. */
  static List<Mutation> mutations(List<Cell> cells) {
    var mutations = new ArrayList<Mutation>(cells.size());
    for (var cell : cells) {
      mutations.add(Mutation.newBuilder()
          .setSetCell(Mutation.SetCell.newBuilder()
              .setFamilyName(cell.family())
              .setColumnQualifier(cell.qualifier())
              .setTimestampMicros(cell.timestampMicros())
              .setValue(cell.value()))
          .build());
    }
    return mutations;
  }

  static ByteString key(String rowKey) {
    return ByteString.copyFromUtf8(rowKey);
  }

  /** Rows whose key starts with {@code prefix}. */
  static ByteKeyRange prefix(String prefix) {
    byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] end = start.clone();
    end[end.length - 1]++;
    return ByteKeyRange.of(ByteKey.copyFrom(start), ByteKey.copyFrom(end));
  }

  static ByteKeyRange range(String startClosed, String endOpen) {
    return ByteKeyRange.of(ByteKey.copyFrom(startClosed.getBytes(StandardCharsets.UTF_8)),
        ByteKey.copyFrom(endOpen.getBytes(StandardCharsets.UTF_8)));
  }

  static RowFilter chain(RowFilter... filters) {
    return RowFilter.newBuilder().setChain(RowFilter.Chain.newBuilder().addAllFilters(List.of(filters))).build();
  }

  static RowFilter family(String name) {
    return RowFilter.newBuilder().setFamilyNameRegexFilter(name).build();
  }

  static RowFilter newestPerColumn() {
    return RowFilter.newBuilder().setCellsPerColumnLimitFilter(1).build();
  }

  static RowFilter qualifier(ByteString exact) {
    return RowFilter.newBuilder().setColumnQualifierRegexFilter(exact).build();
  }

  static RowFilter qualifiers(String family, String startClosed, String endOpen) {
    return RowFilter.newBuilder().setColumnRangeFilter(com.google.bigtable.v2.ColumnRange.newBuilder()
        .setFamilyName(family)
        .setStartQualifierClosed(ByteString.copyFromUtf8(startClosed))
        .setEndQualifierOpen(ByteString.copyFromUtf8(endOpen))).build();
  }

  static BigtableIO.Read read(HomeShelvesOptions options, String table) {
    var read = BigtableIO.read()
        .withProjectId(options.getBigtableProject())
        .withInstanceId(options.getBigtableInstance())
        .withTableId(table);
    return options.getBigtableEmulator().isBlank() ? read : read.withEmulator(options.getBigtableEmulator());
  }

  static BigtableIO.Write write(HomeShelvesOptions options, String table) {
    var write = BigtableIO.write()
        .withProjectId(options.getBigtableProject())
        .withInstanceId(options.getBigtableInstance())
        .withTableId(table);
    return options.getBigtableEmulator().isBlank() ? write : write.withEmulator(options.getBigtableEmulator());
  }
}
