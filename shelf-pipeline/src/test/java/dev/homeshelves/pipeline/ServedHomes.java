package dev.homeshelves.pipeline;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.ShelfRows;
import dev.homeshelves.service.store.TableLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the service serves from the {@code shelves} table, per row: the shelves the newest
 * manifest lists, each its newest cell, with {@code computed_at} cleared and the clock-relative
 * part of card reasons ("5 minutes ago") masked: two recomputes of the same data differ only in
 * when they ran.
 */
final class ServedHomes {

  private static final Pattern AGO = Pattern.compile("just now|\\d+ [a-z]+ ago");

  private ServedHomes() {}

  /** The homes with every card's score set to 0: compare scores with {@link #scores}. */
  static Map<String, List<Shelf>> withoutScores(Map<String, List<Shelf>> homes) {
    var out = new TreeMap<String, List<Shelf>>();
    homes.forEach((row, shelves) -> out.put(row, shelves.stream().map(s -> {
      var b = s.toBuilder();
      b.getItemsBuilderList().forEach(i -> i.setScore(0));
      return b.build();
    }).toList()));
    return out;
  }

  /**
   * Every card's score, row by row in order. Compared within a relative 1e-6: the JIT may compute
   * Math.log/exp/pow one ulp apart from the interpreter, so two JVMs can differ in the last bit.
   */
  static List<Double> scores(Map<String, List<Shelf>> homes) {
    return homes.values().stream().flatMap(List::stream).flatMap(s -> s.getItemsList().stream())
        .map(i -> i.getScore()).toList();
  }

  static int closeEnough(Double a, Double b) {
    return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a)) ? 0 : Double.compare(a, b);
  }

  static Map<String, List<Shelf>> read(BigtableDataClient data) throws InvalidProtocolBufferException {
    var homes = new TreeMap<String, List<Shelf>>();
    var query = Query.create(TableId.of(TableLayout.SHELVES)).filter(FILTERS.limit().cellsPerColumn(1));
    for (var row : data.readRows(query)) {
      var newest = new HashMap<String, com.google.protobuf.ByteString>();
      for (var cell : row.getCells(TableLayout.SHELVES_FAMILY)) {
        newest.put(cell.getQualifier().toStringUtf8(), cell.getValue());
      }
      var manifest = newest.get(ShelfRows.MANIFEST.toStringUtf8());
      var ids = manifest == null || manifest.isEmpty() ? List.<String>of()
          : Arrays.asList(manifest.toStringUtf8().split("\n"));
      var shelves = new ArrayList<Shelf>();
      for (var id : ids.stream().sorted().toList()) {
        if (newest.containsKey(id)) {
          var shelf = Shelf.parseFrom(newest.get(id)).toBuilder().clearComputedAt();
          shelf.getItemsBuilderList().forEach(item -> item.setReason(AGO.matcher(item.getReason()).replaceAll("<when>")));
          shelves.add(shelf.build());
        }
      }
      homes.put(row.getKey().toStringUtf8(), shelves);
    }
    return homes;
  }
}
