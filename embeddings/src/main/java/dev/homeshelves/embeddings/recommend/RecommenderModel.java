package dev.homeshelves.embeddings.recommend;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.NeighborIndex;
import dev.homeshelves.embeddings.Recommender;
import dev.homeshelves.embeddings.VectorMath;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.index.ExactIndex;
import dev.homeshelves.embeddings.index.HnswIndex;
import dev.homeshelves.embeddings.index.HnswIndexFile;
import dev.homeshelves.embeddings.index.TopK;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The recommender the shelves use: word2vec vectors plus popularity and co-occurrence counts,
 * combined as {@link Scoring} says. Candidates come from three sources: cosine neighbours of
 * the seeds' taste vector, items that co-occurred with a seed, and the most popular items.
 * Items seen in the counts but too rare to have a vector still take part through the counts.
 *
 * <p>{@link #load(Path)} reads a vectors file and its sidecars ({@code <vectors>.counts.tsv},
 * {@code <vectors>.cooc.tsv}) as {@code embeddings train} writes them; {@link #of} builds one
 * in memory.
 */
public final class RecommenderModel implements Recommender {
  /** How many of the most popular items are always candidates. */
  private static final int POPULAR_CANDIDATES = 100;

  private final Embeddings embeddings;
  private final NeighborIndex index;
  private final Scoring scoring;
  private final float[] unit;
  /** Rows {@code [0, embeddings.size())} are the vectors' items; later rows have counts only. */
  private final List<String> ids;
  /** Rows of the items that have counts but no vector (the others are the vectors' rows). */
  private final Map<String, Integer> countsOnlyRows;
  private final float[] logCount;
  private final int[] popular;
  // Co-occurrence in model rows, compressed: row r's items are rows[start[r] .. start[r+1]).
  private final Adjacency follow;
  private final Adjacency precede;
  private final LoadReport loadReport;
  private final Queue<Scratch> scratches = new ConcurrentLinkedQueue<>();

  /** How a loaded model was made: seconds per part and where its index came from. */
  public record LoadReport(double vectorsSeconds, double sidecarsSeconds, double indexSeconds,
      String index, int cooccurrencePairs) {
    @Override
    public String toString() {
      return String.format("vectors %.1fs, sidecars %.1fs (%,d co-occurrence pairs), index %.1fs (%s)",
          vectorsSeconds, sidecarsSeconds, cooccurrencePairs, indexSeconds, index);
    }
  }

  private RecommenderModel(NeighborIndex index, ItemStats stats, Scoring scoring, LoadReport report) {
    this.embeddings = index.embeddings();
    this.index = index;
    this.scoring = scoring;
    this.loadReport = report;
    this.unit = index instanceof ExactIndex exact ? exact.unitData() : embeddings.normalized().rawData();
    int vectors = embeddings.size();
    this.ids = new ArrayList<>(vectors);
    for (int row = 0; row < vectors; row++) {
      ids.add(embeddings.id(row));
    }
    this.countsOnlyRows = new HashMap<>();
    int[] rowOfItem = new int[stats.itemCount()];
    for (int i = 0; i < rowOfItem.length; i++) {
      String id = stats.item(i);
      int row = embeddings.indexOf(id);
      if (row < 0) {
        row = ids.size();
        countsOnlyRows.put(id, row);
        ids.add(id);
      }
      rowOfItem[i] = row;
    }
    int n = ids.size();
    this.logCount = new float[n];
    for (int row = 0; row < n; row++) {
      logCount[row] = (float) Math.log(Math.max(1, stats.count(ids.get(row))));
    }
    this.popular = rowsByPopularity(logCount, POPULAR_CANDIDATES);
    this.follow = Adjacency.follows(stats, rowOfItem, n);
    this.precede = follow.transposed();
  }

  /** A model over {@code embeddings} searched exactly, with the tuned default scoring. */
  public static RecommenderModel of(Embeddings embeddings, ItemStats stats) {
    return of(new ExactIndex(embeddings), stats, Scoring.defaults());
  }

  /** A model over any index (e.g. HNSW for large catalogs) with the given scoring. */
  public static RecommenderModel of(NeighborIndex index, ItemStats stats, Scoring scoring) {
    return new RecommenderModel(index, stats, scoring, null);
  }

  /** Loads {@code vectorsFile} and its sidecars with {@link ModelOptions#defaults()}. */
  public static RecommenderModel load(Path vectorsFile) throws IOException {
    return load(vectorsFile, ModelOptions.defaults());
  }

  /**
   * Loads {@code vectorsFile} (text or binary) and its two sidecars, with the tuned default
   * scoring. Below {@link ModelOptions#exactBelow()} vectors the index is the exact scan; above,
   * HNSW: the graph saved next to the vectors ({@link HnswIndexFile}) when it matches, else one
   * built now with {@link ModelOptions#buildThreads()} threads.
   */
  public static RecommenderModel load(Path vectorsFile, ModelOptions options) throws IOException {
    long t0 = System.nanoTime();
    Embeddings vectors = VectorFiles.read(vectorsFile);
    long t1 = System.nanoTime();
    ItemStats stats = ItemStats.readSidecars(countsFile(vectorsFile), coocFile(vectorsFile),
        options.cooccurrenceNeighbours());
    long t2 = System.nanoTime();
    NeighborIndex index;
    String source;
    if (!options.usesHnsw(vectors.size())) {
      index = new ExactIndex(vectors);
      source = "exact scan: " + vectors.size() + " vectors, below exact-below " + options.exactBelow();
    } else {
      HnswIndexFile.Lookup saved = HnswIndexFile.read(vectors, vectorsFile, options.hnsw());
      if (saved.index() != null) {
        index = saved.index();
        source = "HNSW, " + saved.reason();
      } else {
        index = new HnswIndex(vectors, options.hnsw(), options.buildThreads());
        source = "HNSW, built at load: " + saved.reason();
      }
    }
    long t3 = System.nanoTime();
    return new RecommenderModel(index, stats, Scoring.defaults(),
        new LoadReport((t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, source, stats.pairCount()));
  }

  /** The same model searching {@code other} (over the same vectors) for its cosine candidates. */
  public RecommenderModel withIndex(NeighborIndex other) {
    if (other.embeddings() != embeddings) {
      throw new IllegalArgumentException("the index must be over this model's vectors");
    }
    return new RecommenderModel(this, other);
  }

  private RecommenderModel(RecommenderModel model, NeighborIndex index) {
    this.embeddings = model.embeddings;
    this.index = index;
    this.scoring = model.scoring;
    this.unit = model.unit;
    this.ids = model.ids;
    this.countsOnlyRows = model.countsOnlyRows;
    this.logCount = model.logCount;
    this.popular = model.popular;
    this.follow = model.follow;
    this.precede = model.precede;
    this.loadReport = model.loadReport;
  }

  /** How {@link #load} made this model; null for a model made with {@link #of}. */
  public LoadReport loadReport() {
    return loadReport;
  }

  /** Writes the sidecars {@link #load} expects next to {@code vectorsFile}. */
  public static void writeSidecars(ItemStats stats, Path vectorsFile) throws IOException {
    stats.writeCounts(countsFile(vectorsFile));
    stats.writeCooccurrence(coocFile(vectorsFile));
  }

  /** {@code <vectors>.counts.tsv}. */
  public static Path countsFile(Path vectorsFile) {
    return vectorsFile.resolveSibling(vectorsFile.getFileName() + ".counts.tsv");
  }

  /** {@code <vectors>.cooc.tsv}. */
  public static Path coocFile(Path vectorsFile) {
    return vectorsFile.resolveSibling(vectorsFile.getFileName() + ".cooc.tsv");
  }

  @Override
  public Embeddings embeddings() {
    return embeddings;
  }

  /** The neighbour index behind the cosine part. */
  public NeighborIndex index() {
    return index;
  }

  public Scoring scoring() {
    return scoring;
  }

  /** True when the model can recommend for {@code id}: it has a vector or counts. */
  public boolean knows(String id) {
    return rowOf(id) >= 0;
  }

  private int rowOf(String id) {
    int row = embeddings.indexOf(id);
    return row >= 0 ? row : countsOnlyRows.getOrDefault(id, -1);
  }

  /**
   * {@inheritDoc} A seed is known when it has a vector or appears in the counts; a seed with
   * counts but no vector is served by co-occurrence and popularity alone.
   */
  @Override
  public List<Neighbor> recommend(Map<String, Double> seeds, int k, Set<String> exclude) {
    Map<Integer, Double> seedRows = new HashMap<>();
    double total = 0;
    for (Map.Entry<String, Double> e : seeds.entrySet()) {
      int row = rowOf(e.getKey());
      if (row >= 0 && e.getValue() > 0) {
        seedRows.merge(row, e.getValue(), Double::sum);
        total += e.getValue();
      }
    }
    if (seedRows.isEmpty() || k <= 0) {
      return List.of();
    }
    Set<String> skip = new HashSet<>(exclude);
    skip.addAll(seeds.keySet());

    // With the exact index, every row's cosine is computed once here and serves both to pick
    // the nearest candidates and to score them (the index would scan the same rows again).
    boolean scan = index instanceof ExactIndex;
    Scratch scratch = scratches.poll();
    if (scratch == null) {
      scratch = new Scratch(ids.size(), scan ? embeddings.size() : 0);
    }
    try {
      scratch.begin();
      for (String id : skip) {
        int row = rowOf(id);
        if (row >= 0) {
          scratch.skip(row);
        }
      }
      if (scoring.cooccurrence() != 0) {
        for (Map.Entry<Integer, Double> s : seedRows.entrySet()) {
          float w = (float) (s.getValue() / total);
          scratch.accumulate(follow, s.getKey(), w);
          scratch.accumulate(precede, s.getKey(), w * (float) scoring.precedes());
        }
      }
      for (int row : popular) {
        scratch.candidate(row);
      }
      float[] taste = embeddings.weightedMean(seeds);
      int dim = embeddings.dim();
      boolean scanned = taste != null && scan;
      if (scanned) {
        for (int row = 0; row < embeddings.size(); row++) {
          scratch.cosine[row] = VectorMath.dot(taste, 0, unit, row * dim, dim);
        }
        scratch.nearest(scoring.candidates(), embeddings.size());
      } else if (taste != null) {
        // An HNSW search with list size ef finds ef candidates at its cost; asking for more would
        // only raise ef. So ef is the knob that trades recall for time here, as in the paper.
        // The skipped rows are left out below, so the index is not told about them: an HNSW
        // search asked to exclude n rows widens its list by n (a user's history, often hundreds).
        int asked = index instanceof HnswIndex hnsw ? Math.min(scoring.candidates(), hnsw.ef()) : scoring.candidates();
        for (Neighbor n : index.nearest(taste, asked, index instanceof HnswIndex ? Set.of() : skip)) {
          scratch.candidate(embeddings.indexOf(n.id()));
        }
      }
      TopK top = new TopK(k);
      for (int i = 0; i < scratch.candidates; i++) {
        int row = scratch.rows[i];
        if (scratch.skipped(row)) {
          continue;
        }
        double cosine = taste == null || row >= embeddings.size() ? 0
            : scanned ? scratch.cosine[row]
            : VectorMath.dot(taste, 0, unit, row * dim, dim);
        double score = cosine
            + scoring.popularity() * logCount[row]
            + scoring.cooccurrence() * Math.log1p(scratch.cooc[row]);
        top.offer(row, (float) score);
      }
      return top.toNeighbors(ids::get);
    } finally {
      scratches.offer(scratch);
    }
  }

  /**
   * Per-call working arrays indexed by row, reused across calls (one per concurrent caller):
   * a recommendation touches thousands of co-occurring rows, and boxed maps of them cost
   * more than the scoring itself. A generation stamp clears them in O(1) between calls.
   */
  private static final class Scratch {
    final float[] cooc;
    final int[] rows;
    final int[] seen;
    final int[] skipped;
    final float[] cosine;
    final float[] kept;
    int candidates;
    int generation;

    /** Arrays for {@code n} rows; the two cosine arrays only for the {@code scanned} rows of an exact scan. */
    Scratch(int n, int scanned) {
      cooc = new float[n];
      rows = new int[n];
      seen = new int[n];
      skipped = new int[n];
      cosine = new float[scanned];
      kept = new float[scanned];
    }

    /**
     * Makes candidates of the {@code c} rows below {@code vectors} with the highest
     * {@link #cosine} that are not skipped, ties to the lower row: the rows the exact index
     * returns, found by selecting the c-th best score instead of keeping a heap.
     */
    void nearest(int c, int vectors) {
      int n = 0;
      for (int row = 0; row < vectors; row++) {
        if (!skipped(row)) {
          kept[n++] = cosine[row];
        }
      }
      if (n == 0) {
        return;
      }
      boolean all = c >= n;
      float threshold = all ? Float.NEGATIVE_INFINITY : select(kept, n, n - c);
      int above = 0;
      if (!all) {
        for (int i = 0; i < n; i++) {
          if (kept[i] > threshold) {
            above++;
          }
        }
      }
      int ties = c - above; // rows scoring exactly the threshold that still fit, lowest first
      for (int row = 0; row < vectors; row++) {
        if (skipped(row)) {
          continue;
        }
        float s = cosine[row];
        if (all || s > threshold) {
          candidate(row);
        } else if (s == threshold && ties > 0) {
          candidate(row);
          ties--;
        }
      }
    }

    /** The value of rank {@code r} (0 = smallest) of {@code a[0..n)}, reordering {@code a}. */
    private static float select(float[] a, int n, int r) {
      int lo = 0;
      int hi = n - 1;
      while (lo < hi) {
        float pivot = a[(lo + hi) >>> 1];
        int i = lo;
        int j = hi;
        while (i <= j) {
          while (a[i] < pivot) {
            i++;
          }
          while (a[j] > pivot) {
            j--;
          }
          if (i <= j) {
            float t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
          }
        }
        if (r <= j) {
          hi = j;
        } else if (r >= i) {
          lo = i;
        } else {
          return a[r];
        }
      }
      return a[r];
    }

    void begin() {
      candidates = 0;
      if (++generation == Integer.MAX_VALUE) {
        Arrays.fill(seen, 0);
        Arrays.fill(skipped, 0);
        generation = 1;
      }
    }

    void skip(int row) {
      skipped[row] = generation;
    }

    boolean skipped(int row) {
      return skipped[row] == generation;
    }

    void candidate(int row) {
      if (seen[row] != generation) {
        seen[row] = generation;
        cooc[row] = 0;
        rows[candidates++] = row;
      }
    }

    void accumulate(Adjacency adjacency, int row, float w) {
      if (w == 0) {
        return;
      }
      int[] with = adjacency.rows;
      float[] weights = adjacency.weights;
      for (int i = adjacency.start[row]; i < adjacency.start[row + 1]; i++) {
        candidate(with[i]);
        cooc[with[i]] += w * weights[i];
      }
    }
  }

  /** The {@code limit} rows with the highest count, ties to the lower row. */
  private static int[] rowsByPopularity(float[] logCount, int limit) {
    // One sortable key per row: count descending (log counts are >= 0, so their bit patterns
    // order like the values), then row ascending.
    long[] keys = new long[logCount.length];
    for (int row = 0; row < keys.length; row++) {
      keys[row] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(logCount[row])) << 32) | row;
    }
    Arrays.sort(keys);
    int[] out = new int[Math.min(limit, keys.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) keys[i];
    }
    return out;
  }

  /** Weighted edges between model rows in compressed rows: row r's are {@code [start[r], start[r+1])}. */
  private static final class Adjacency {
    final int[] start;
    final int[] rows;
    final float[] weights;

    private Adjacency(int[] start, int[] rows, float[] weights) {
      this.start = start;
      this.rows = rows;
      this.weights = weights;
    }

    /** "b followed a" edges of {@code stats}, in model rows. */
    static Adjacency follows(ItemStats stats, int[] rowOfItem, int n) {
      int[] start = new int[n + 1];
      for (int i = 0; i < rowOfItem.length; i++) {
        start[rowOfItem[i] + 1] = stats.followersEnd(i) - stats.followersStart(i);
      }
      for (int r = 0; r < n; r++) {
        start[r + 1] += start[r];
      }
      int[] rows = new int[start[n]];
      float[] weights = new float[start[n]];
      for (int i = 0; i < rowOfItem.length; i++) {
        int at = start[rowOfItem[i]];
        for (int j = stats.followersStart(i); j < stats.followersEnd(i); j++) {
          rows[at] = rowOfItem[stats.follower(j)];
          weights[at++] = stats.followerWeight(j);
        }
      }
      return new Adjacency(start, rows, weights);
    }

    /** The same edges reversed: "a preceded b". */
    Adjacency transposed() {
      int n = start.length - 1;
      int[] t = new int[n + 1];
      for (int r : rows) {
        t[r + 1]++;
      }
      for (int r = 0; r < n; r++) {
        t[r + 1] += t[r];
      }
      int[] fill = Arrays.copyOf(t, n);
      int[] tr = new int[rows.length];
      float[] tw = new float[rows.length];
      for (int a = 0; a < n; a++) {
        for (int i = start[a]; i < start[a + 1]; i++) {
          int at = fill[rows[i]]++;
          tr[at] = a;
          tw[at] = weights[i];
        }
      }
      return new Adjacency(t, tr, tw);
    }
  }
}
