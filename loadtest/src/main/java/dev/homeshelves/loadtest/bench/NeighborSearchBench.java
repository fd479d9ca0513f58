package dev.homeshelves.loadtest.bench;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.NeighborIndex;
import dev.homeshelves.embeddings.index.ExactIndex;
import dev.homeshelves.embeddings.index.HnswIndex;
import dev.homeshelves.embeddings.index.HnswParams;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Top-k neighbour search over random unit vectors: the exact scan and the HNSW graph (Voyager)
 * of the embeddings module, one query at a time with a few excluded ids, as a shelf asks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NeighborSearchBench {

  /** Items in the index. */
  @Param({"10000"})
  public int items;

  /** Vector dimension. */
  @Param({"100"})
  public int dim;

  /** Neighbours asked for. */
  @Param({"20"})
  public int k;

  @Param({"exact", "hnsw"})
  public String index;

  private NeighborIndex searcher;
  private float[][] queries;
  private Set<String> exclude;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    BenchData data = new BenchData(items, 7);
    Embeddings embeddings = data.embeddings(dim);
    searcher = index.equals("hnsw")
        ? new HnswIndex(embeddings, HnswParams.defaults(), Runtime.getRuntime().availableProcessors())
        : new ExactIndex(embeddings);
    queries = new float[256][];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = data.query(dim);
    }
    exclude = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      exclude.add(Integer.toString(i * 7));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (searcher instanceof HnswIndex hnsw) {
      hnsw.close();
    }
  }

  @Benchmark
  public List<Neighbor> nearest() {
    float[] q = queries[next++ & (queries.length - 1)];
    return searcher.nearest(q, k, exclude);
  }
}
