package dev.homeshelves.embeddings.index;

import com.spotify.voyager.jni.Index;
import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.NeighborIndex;
import dev.homeshelves.embeddings.VectorMath;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Approximate top-k by cosine with an HNSW graph (Spotify Voyager). Scores are cosine
 * similarities, as {@link ExactIndex} returns them. Close it to free the native memory.
 */
public final class HnswIndex implements NeighborIndex, Closeable {
  private final Embeddings embeddings;
  private final Index index;
  private final HnswParams params;
  private volatile int ef;

  /** Builds the graph over {@code embeddings} with {@code threads} threads. */
  public HnswIndex(Embeddings embeddings, HnswParams params, int threads) {
    this.embeddings = embeddings;
    this.params = params;
    int dim = embeddings.dim();
    this.index = new Index(Index.SpaceType.Cosine, dim, params.m(), params.efConstruction(),
        params.seed(), Math.max(1, embeddings.size()), Index.StorageDataType.Float32);
    float[] data = embeddings.rawData();
    int batch = 10_000;
    for (int from = 0; from < embeddings.size(); from += batch) {
      int to = Math.min(embeddings.size(), from + batch);
      float[][] vectors = new float[to - from][];
      long[] labels = new long[to - from];
      for (int row = from; row < to; row++) {
        float[] v = new float[dim];
        System.arraycopy(data, row * dim, v, 0, dim);
        vectors[row - from] = v;
        labels[row - from] = row;
      }
      index.addItems(vectors, labels, threads);
    }
    this.ef = params.ef();
  }

  /** An index over {@code embeddings} from a graph read back by {@link HnswIndexFile}. */
  HnswIndex(Embeddings embeddings, Index index, HnswParams params) {
    this.embeddings = embeddings;
    this.index = index;
    this.params = params;
    this.ef = params.ef();
  }

  /** Writes the graph in Voyager's own format (what {@link Index#load(String)} reads). */
  void saveGraph(Path file) {
    index.saveIndex(file.toString());
  }

  public HnswParams params() {
    return params;
  }

  /** The search-time candidate list size. */
  public int ef() {
    return ef;
  }

  /** Changes the search-time candidate list size. */
  public void setEf(int newEf) {
    if (newEf < 1) {
      throw new IllegalArgumentException("ef must be >= 1, was " + newEf);
    }
    this.ef = newEf;
  }

  @Override
  public Embeddings embeddings() {
    return embeddings;
  }

  @Override
  public List<Neighbor> nearest(float[] query, int k, Set<String> exclude) {
    ExactIndex.checkQuery(query, embeddings.dim());
    int n = embeddings.size();
    if (k <= 0 || n == 0) {
      return new ArrayList<>();
    }
    float[] q = query.clone();
    VectorMath.normalizeInPlace(q, 0, q.length);
    int[] excluded = ExactIndex.rowsOf(embeddings, exclude);
    int want = Math.min(n, k + excluded.length);
    Index.QueryResults results = index.query(q, want, Math.max(ef, want));
    long[] labels = results.getLabels();
    float[] distances = results.getDistances();
    List<Neighbor> out = new ArrayList<>(Math.min(k, labels.length));
    for (int i = 0; i < labels.length && out.size() < k; i++) {
      int row = (int) labels[i];
      if (Arrays.binarySearch(excluded, row) < 0) {
        // Voyager's cosine distance is 1 - cosine similarity.
        out.add(new Neighbor(embeddings.id(row), 1f - distances[i]));
      }
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    index.close();
  }
}
