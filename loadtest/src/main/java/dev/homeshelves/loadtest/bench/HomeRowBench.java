package dev.homeshelves.loadtest.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.loadtest.echo.TypicalHome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU side of serving one Home: decoding a stored row (the newest readable cell of each
 * shelf, parsed as {@code Shelf} and checked against its column, as the shelf store does), and
 * encoding the answer. The Bigtable round trip is not included; {@code loadtest home} measures
 * the whole call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HomeRowBench {

  /** Serialized size of the whole Home, spread over its shelves. */
  @Param({"2048", "8192"})
  public int homeBytes;

  /** Versions per shelf in the row (the store reads at most 3). */
  @Param({"1", "3"})
  public int versions;

  private List<Cell> row;
  private GetHomeResponse answer;

  /** A cell as read from Bigtable: its column (the shelf id) and value. */
  record Cell(String qualifier, ByteString value) {}

  @Setup
  public void setUp() {
    answer = TypicalHome.ofSize(homeBytes);
    row = new ArrayList<>();
    for (Shelf shelf : answer.getShelvesList()) {
      for (int v = 0; v < versions; v++) {
        row.add(new Cell(shelf.getId() + "-" + row.size(), shelf.toBuilder()
            .setId(shelf.getId() + "-" + row.size()).build().toByteString()));
      }
    }
  }

  @Benchmark
  public List<Shelf> decodeHomeRow() {
    Map<String, Shelf> byId = new LinkedHashMap<>();
    for (Cell cell : row) {
      if (byId.containsKey(cell.qualifier()) || cell.value().isEmpty()) {
        continue;
      }
      try {
        Shelf shelf = Shelf.parseFrom(cell.value());
        if (shelf.getId().equals(cell.qualifier())) {
          byId.put(cell.qualifier(), shelf);
        }
      } catch (InvalidProtocolBufferException e) {
        // corrupt cells are skipped by the store too
      }
    }
    List<Shelf> shelves = new ArrayList<>(byId.values());
    shelves.sort(Comparator.comparingDouble(Shelf::getScore).reversed());
    return shelves;
  }

  @Benchmark
  public byte[] encodeHomeAnswer() {
    return GetHomeResponse.newBuilder()
        .addAllShelves(answer.getShelvesList())
        .setSource(Source.SOURCE_FRESH)
        .build()
        .toByteArray();
  }
}
