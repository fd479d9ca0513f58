package dev.homeshelves.embeddings.recommend;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.NeighborIndex;
import dev.homeshelves.embeddings.Recommender;
import dev.homeshelves.embeddings.VectorMath;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.index.ExactIndex;
import dev.homeshelves.embeddings.index.TopK;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
  private final Map<String, Integer> rowById;
  private final float[] logCount;
  private final int[] popular;
  private final int[][] followRows;
  private final float[][] followWeights;
  private final int[][] precedeRows;
  private final float[][] precedeWeights;
  private final Queue<Scratch> scratches = new ConcurrentLinkedQueue<>();

  private RecommenderModel(NeighborIndex index, ItemStats stats, Scoring scoring) {
    this.embeddings = index.embeddings();
    this.index = index;
    this.scoring = scoring;
    this.unit = embeddings.normalized().rawData();
    this.ids = new ArrayList<>(embeddings.size() + stats.counts().size());
    this.rowById = new HashMap<>();
    for (int row = 0; row < embeddings.size(); row++) {
      ids.add(embeddings.id(row));
      rowById.put(embeddings.id(row), row);
    }
    for (String id : stats.counts().keySet()) {
      if (rowById.putIfAbsent(id, ids.size()) == null) {
        ids.add(id);
      }
    }
    int n = ids.size();
    this.logCount = new float[n];
    for (int row = 0; row < n; row++) {
      logCount[row] = (float) Math.log(Math.max(1, stats.count(ids.get(row))));
    }
    this.popular = rowsByPopularity(stats, POPULAR_CANDIDATES);
    Map<Integer, Map<Integer, Float>> follow = new HashMap<>();
    Map<Integer, Map<Integer, Float>> precede = new HashMap<>();
    for (String a : stats.itemsWithFollowers()) {
      int ra = rowById.getOrDefault(a, -1);
      if (ra < 0) {
        continue;
      }
      for (Map.Entry<String, Float> e : stats.following(a).entrySet()) {
        int rb = rowById.getOrDefault(e.getKey(), -1);
        if (rb >= 0) {
          follow.computeIfAbsent(ra, k -> new HashMap<>()).put(rb, e.getValue());
          precede.computeIfAbsent(rb, k -> new HashMap<>()).put(ra, e.getValue());
        }
      }
    }
    this.followRows = new int[n][];
    this.followWeights = new float[n][];
    this.precedeRows = new int[n][];
    this.precedeWeights = new float[n][];
    flatten(follow, followRows, followWeights);
    flatten(precede, precedeRows, precedeWeights);
  }

  /** A model over {@code embeddings} searched exactly, with the tuned default scoring. */
  public static RecommenderModel of(Embeddings embeddings, ItemStats stats) {
    return new RecommenderModel(new ExactIndex(embeddings), stats, Scoring.defaults());
  }

  /** A model over any index (e.g. HNSW for large catalogs) with the given scoring. */
  public static RecommenderModel of(NeighborIndex index, ItemStats stats, Scoring scoring) {
    return new RecommenderModel(index, stats, scoring);
  }

  /** Loads {@code vectorsFile} (text or binary) and its two sidecars, with the tuned default scoring. */
  public static RecommenderModel load(Path vectorsFile) throws IOException {
    Embeddings vectors = VectorFiles.read(vectorsFile);
    ItemStats stats = ItemStats.readSidecars(countsFile(vectorsFile), coocFile(vectorsFile));
    return of(vectors, stats);
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
    return rowById.containsKey(id);
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
      Integer row = rowById.get(e.getKey());
      if (row != null && e.getValue() > 0) {
        seedRows.merge(row, e.getValue(), Double::sum);
        total += e.getValue();
      }
    }
    if (seedRows.isEmpty() || k <= 0) {
      return List.of();
    }
    Set<String> skip = new HashSet<>(exclude);
    skip.addAll(seeds.keySet());

    Scratch scratch = scratches.poll();
    if (scratch == null) {
      scratch = new Scratch(ids.size());
    }
    try {
      scratch.begin();
      for (String id : skip) {
        Integer row = rowById.get(id);
        if (row != null) {
          scratch.skip(row);
        }
      }
      if (scoring.cooccurrence() != 0) {
        for (Map.Entry<Integer, Double> s : seedRows.entrySet()) {
          float w = (float) (s.getValue() / total);
          scratch.accumulate(followRows[s.getKey()], followWeights[s.getKey()], w);
          scratch.accumulate(precedeRows[s.getKey()], precedeWeights[s.getKey()], w * (float) scoring.precedes());
        }
      }
      for (int row : popular) {
        scratch.candidate(row);
      }
      float[] taste = embeddings.weightedMean(seeds);
      int dim = embeddings.dim();
      // With the exact index, every row's cosine is computed once here and serves both to pick
      // the nearest candidates and to score them (the index would scan the same rows again).
      boolean scanned = taste != null && index instanceof ExactIndex;
      if (scanned) {
        for (int row = 0; row < embeddings.size(); row++) {
          scratch.cosine[row] = VectorMath.dot(taste, 0, unit, row * dim, dim);
        }
        scratch.nearest(scoring.candidates(), embeddings.size());
      } else if (taste != null) {
        for (Neighbor n : index.nearest(taste, scoring.candidates(), skip)) {
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

    Scratch(int n) {
      cooc = new float[n];
      rows = new int[n];
      seen = new int[n];
      skipped = new int[n];
      cosine = new float[n];
      kept = new float[n];
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

    void accumulate(int[] with, float[] weights, float w) {
      if (with == null || w == 0) {
        return;
      }
      for (int i = 0; i < with.length; i++) {
        candidate(with[i]);
        cooc[with[i]] += w * weights[i];
      }
    }
  }

  private int[] rowsByPopularity(ItemStats stats, int limit) {
    List<Integer> rows = new ArrayList<>(ids.size());
    for (int row = 0; row < ids.size(); row++) {
      rows.add(row);
    }
    rows.sort(Comparator.comparingDouble((Integer r) -> -logCount[r]).thenComparing(r -> r));
    return rows.subList(0, Math.min(limit, rows.size())).stream().mapToInt(Integer::intValue).toArray();
  }

  private static void flatten(Map<Integer, Map<Integer, Float>> from, int[][] rows, float[][] weights) {
    for (Map.Entry<Integer, Map<Integer, Float>> e : from.entrySet()) {
      int n = e.getValue().size();
      int[] r = new int[n];
      float[] w = new float[n];
      int i = 0;
      for (Map.Entry<Integer, Float> p : e.getValue().entrySet()) {
        r[i] = p.getKey();
        w[i++] = p.getValue();
      }
      rows[e.getKey()] = r;
      weights[e.getKey()] = w;
    }
  }
}
