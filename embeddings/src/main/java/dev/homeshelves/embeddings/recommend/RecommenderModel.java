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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recommender the shelves use: word2vec vectors plus popularity and co-occurrence counts,
 * combined as {@link Scoring} says. {@link #load(Path)} reads a vectors file and its sidecars
 * ({@code <vectors>.counts.tsv}, {@code <vectors>.cooc.tsv}) as {@code embeddings train}
 * writes them; {@link #of} builds one in memory.
 */
public final class RecommenderModel implements Recommender {
  private final Embeddings embeddings;
  private final NeighborIndex index;
  private final Scoring scoring;
  private final float[] unit;
  private final float[] logCount;
  private final int[][] followRows;
  private final float[][] followWeights;
  private final int[][] precedeRows;
  private final float[][] precedeWeights;

  private RecommenderModel(NeighborIndex index, ItemStats stats, Scoring scoring) {
    this.embeddings = index.embeddings();
    this.index = index;
    this.scoring = scoring;
    this.unit = embeddings.normalized().rawData();
    int n = embeddings.size();
    this.logCount = new float[n];
    for (int row = 0; row < n; row++) {
      logCount[row] = (float) Math.log(Math.max(1, stats.count(embeddings.id(row))));
    }
    Map<Integer, Map<Integer, Float>> follow = new HashMap<>();
    Map<Integer, Map<Integer, Float>> precede = new HashMap<>();
    for (String a : stats.itemsWithFollowers()) {
      int ra = embeddings.indexOf(a);
      if (ra < 0) {
        continue;
      }
      for (Map.Entry<String, Float> e : stats.following(a).entrySet()) {
        int rb = embeddings.indexOf(e.getKey());
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

  @Override
  public List<Neighbor> recommend(Map<String, Double> seeds, int k, Set<String> exclude) {
    Map<Integer, Double> seedRows = new HashMap<>();
    double total = 0;
    for (Map.Entry<String, Double> e : seeds.entrySet()) {
      int row = embeddings.indexOf(e.getKey());
      if (row >= 0 && e.getValue() > 0) {
        seedRows.merge(row, e.getValue(), Double::sum);
        total += e.getValue();
      }
    }
    if (seedRows.isEmpty() || k <= 0) {
      return List.of();
    }
    float[] taste = embeddings.weightedMean(seeds);
    Set<String> skip = new HashSet<>(exclude);
    skip.addAll(seeds.keySet());

    Map<Integer, Float> cooc = new HashMap<>();
    if (scoring.cooccurrence() != 0) {
      for (Map.Entry<Integer, Double> s : seedRows.entrySet()) {
        float w = (float) (s.getValue() / total);
        accumulate(cooc, followRows[s.getKey()], followWeights[s.getKey()], w);
        accumulate(cooc, precedeRows[s.getKey()], precedeWeights[s.getKey()], w * (float) scoring.precedes());
      }
    }
    Set<Integer> candidates = new HashSet<>(cooc.keySet());
    for (Neighbor n : index.nearest(taste, scoring.candidates(), skip)) {
      candidates.add(embeddings.indexOf(n.id()));
    }
    int dim = embeddings.dim();
    TopK top = new TopK(k);
    for (int row : candidates) {
      if (skip.contains(embeddings.id(row))) {
        continue;
      }
      double score = VectorMath.dot(taste, 0, unit, row * dim, dim)
          + scoring.popularity() * logCount[row]
          + scoring.cooccurrence() * Math.log1p(cooc.getOrDefault(row, 0f));
      top.offer(row, (float) score);
    }
    return top.toNeighbors(embeddings);
  }

  private static void accumulate(Map<Integer, Float> into, int[] rows, float[] weights, float w) {
    if (rows == null || w == 0) {
      return;
    }
    for (int i = 0; i < rows.length; i++) {
      into.merge(rows[i], w * weights[i], Float::sum);
    }
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
