package dev.homeshelves.embeddings.recommend;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts taken from training sequences that the recommender combines with the vectors: how
 * often each item occurs (its popularity) and how often item {@code b} follows item {@code a}
 * within {@code window} positions, weighted 1/distance.
 *
 * <p>The co-occurrence is kept in primitive arrays, each item's followers heaviest first, so a
 * catalog of millions of tracks costs a few bytes per pair rather than a boxed map entry, and
 * {@link #limitNeighbours} bounds it to the heaviest K followers per item.
 */
public final class ItemStats {
  /**
   * The co-occurrence window {@code train} uses: 12 positions, chosen on validation splits of the
   * training data (3 before; 8 to 50 all did better, 8 and 12 best; see docs/embeddings.md).
   */
  public static final int DEFAULT_WINDOW = 12;

  /**
   * The followers kept per item by {@code train}, {@code scale-data} and the loader: the
   * heaviest 100, chosen on validation splits (docs/embeddings.md#bounded-co-occurrence).
   */
  public static final int DEFAULT_NEIGHBOURS = 100;

  private final Map<String, Long> counts;
  /** Items of the co-occurrence table: every counted item, then any that only co-occur. */
  private final String[] items;
  private final Map<String, Integer> itemIndex;
  /** Followers of item i are {@code next[start[i] .. start[i+1])}, heaviest first. */
  private final int[] start;
  private final int[] next;
  private final float[] weight;

  private ItemStats(Map<String, Long> counts, String[] items, Map<String, Integer> itemIndex,
      int[] start, int[] next, float[] weight) {
    this.counts = counts;
    this.items = items;
    this.itemIndex = itemIndex;
    this.start = start;
    this.next = next;
    this.weight = weight;
  }

  /** Counts over sequences in memory, every follower kept. */
  public static ItemStats of(List<List<String>> sequences, int window) {
    Builder b = new Builder(window);
    for (List<String> s : sequences) {
      b.add(s.toArray(String[]::new));
    }
    return b.build();
  }

  /** Counts over a sequences file (one per line, ids separated by whitespace), every follower kept. */
  public static ItemStats read(Path sequences, int window) throws IOException {
    Builder b = new Builder(window);
    try (BufferedReader r = Files.newBufferedReader(sequences, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        String s = line.strip();
        if (!s.isEmpty()) {
          b.add(s.split("\\s+"));
        }
      }
    }
    return b.build();
  }

  /**
   * The same counts with at most {@code k} followers per item, the heaviest (ties: the item
   * counted first). An item may still be the follower of more than {@code k} others.
   */
  public ItemStats limitNeighbours(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("co-occurrence neighbours must be >= 1, was " + k);
    }
    int[] s = new int[start.length];
    int kept = 0;
    for (int i = 0; i < items.length; i++) {
      kept += Math.min(k, start[i + 1] - start[i]);
    }
    if (kept == next.length) {
      return this;
    }
    int[] n = new int[kept];
    float[] w = new float[kept];
    int at = 0;
    for (int i = 0; i < items.length; i++) {
      s[i] = at;
      int len = Math.min(k, start[i + 1] - start[i]);
      System.arraycopy(next, start[i], n, at, len);
      System.arraycopy(weight, start[i], w, at, len);
      at += len;
    }
    s[items.length] = at;
    return new ItemStats(counts, items, itemIndex, s, n, w);
  }

  /** How often {@code id} occurs; 0 when never seen. */
  public long count(String id) {
    return counts.getOrDefault(id, 0L);
  }

  /** All counts, by id. */
  public Map<String, Long> counts() {
    return counts;
  }

  /** Items that followed {@code id} and their weights, heaviest first; empty when none. */
  public Map<String, Float> following(String id) {
    Integer i = itemIndex.get(id);
    if (i == null) {
      return Map.of();
    }
    Map<String, Float> out = new LinkedHashMap<>();
    for (int j = start[i]; j < start[i + 1]; j++) {
      out.put(items[next[j]], weight[j]);
    }
    return out;
  }

  /** Every item with at least one follower. */
  public Iterable<String> itemsWithFollowers() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.length; i++) {
      if (start[i + 1] > start[i]) {
        out.add(items[i]);
      }
    }
    return out;
  }

  /** Number of (item, follower) pairs kept. */
  public int pairCount() {
    return next.length;
  }

  // Primitive access for RecommenderModel, which remaps items to its own rows.
  int itemCount() {
    return items.length;
  }

  String item(int i) {
    return items[i];
  }

  int followersStart(int i) {
    return start[i];
  }

  int followersEnd(int i) {
    return start[i + 1];
  }

  int follower(int j) {
    return next[j];
  }

  float followerWeight(int j) {
    return weight[j];
  }

  /** Writes the counts as TSV: header {@code id count}, one item per line. */
  public void writeCounts(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("id\tcount\n");
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        w.write(e.getKey() + "\t" + e.getValue() + "\n");
      }
    }
  }

  /** Writes the co-occurrence as TSV: header {@code id next weight}, one pair per line, heaviest first per id. */
  public void writeCooccurrence(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("id\tnext\tweight\n");
      for (int i = 0; i < items.length; i++) {
        for (int j = start[i]; j < start[i + 1]; j++) {
          w.write(items[i] + "\t" + items[next[j]] + "\t" + weight[j] + "\n");
        }
      }
    }
  }

  /** Reads the two files written by {@link #writeCounts} and {@link #writeCooccurrence}, every follower kept. */
  public static ItemStats readSidecars(Path countsFile, Path coocFile) throws IOException {
    return readSidecars(countsFile, coocFile, Integer.MAX_VALUE);
  }

  /**
   * Reads the two sidecars keeping at most {@code maxNeighbours} followers per item (the
   * heaviest). Lines are parsed into primitive arrays as they stream by, so memory is a few
   * bytes per pair, not a map entry.
   */
  public static ItemStats readSidecars(Path countsFile, Path coocFile, int maxNeighbours) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Integer> itemIndex = new HashMap<>();
    List<String> items = new ArrayList<>();
    try (BufferedReader r = open(countsFile, "id\tcount")) {
      String line;
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isEmpty()) {
          continue;
        }
        String[] f = fields(line, 2, countsFile, n);
        try {
          counts.put(f[0], Long.parseLong(f[1]));
        } catch (NumberFormatException e) {
          throw new IOException(countsFile + ": line " + n + ": count '" + f[1] + "' is not an integer");
        }
        if (itemIndex.putIfAbsent(f[0], items.size()) == null) {
          items.add(f[0]);
        }
      }
    }
    Pairs pairs = new Pairs();
    try (BufferedReader r = open(coocFile, "id\tnext\tweight")) {
      String line;
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isEmpty()) {
          continue;
        }
        String[] f = fields(line, 3, coocFile, n);
        float w;
        try {
          w = Float.parseFloat(f[2]);
        } catch (NumberFormatException e) {
          throw new IOException(coocFile + ": line " + n + ": weight '" + f[2] + "' is not a number");
        }
        if (!(w > 0) || Float.isInfinite(w)) {
          throw new IOException(coocFile + ": line " + n + ": weight " + f[2] + " must be a positive number");
        }
        pairs.add(indexOf(f[0], itemIndex, items), indexOf(f[1], itemIndex, items), w);
      }
    }
    return pairs.toStats(counts, items.toArray(String[]::new), itemIndex, maxNeighbours);
  }

  private static int indexOf(String id, Map<String, Integer> itemIndex, List<String> items) {
    Integer i = itemIndex.putIfAbsent(id, items.size());
    if (i == null) {
      items.add(id);
      return items.size() - 1;
    }
    return i;
  }

  private static BufferedReader open(Path file, String header) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException(file + ": missing (the model needs it; `embeddings train` writes it)");
    }
    BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    String first = r.readLine();
    if (first == null || !first.equals(header)) {
      r.close();
      throw new IOException(file + ": line 1: expected header '" + header.replace("\t", "<TAB>")
          + "', found '" + first + "'");
    }
    return r;
  }

  /** Splits on tabs without a regex (the co-occurrence sidecar has millions of lines). */
  private static String[] fields(String line, int columns, Path file, int lineNo) throws IOException {
    String[] out = new String[columns];
    int from = 0;
    for (int c = 0; c < columns; c++) {
      int tab = line.indexOf('\t', from);
      boolean last = c == columns - 1;
      if (last ? tab >= 0 : tab < 0) {
        int found = 1;
        for (int i = 0; i < line.length(); i++) {
          found += line.charAt(i) == '\t' ? 1 : 0;
        }
        throw new IOException(file + ": line " + lineNo + ": expected " + columns
            + " tab-separated fields, found " + found);
      }
      out[c] = line.substring(from, last ? line.length() : tab);
      from = tab + 1;
    }
    return out;
  }

  /** (item, follower, weight) triples in growable primitive arrays, then grouped per item. */
  private static final class Pairs {
    int size;
    int[] a = new int[1024];
    int[] b = new int[1024];
    float[] w = new float[1024];

    void add(int item, int follower, float weight) {
      if (size == a.length) {
        int grown = Math.max(1024, (int) Math.min(Integer.MAX_VALUE - 8, a.length * 2L));
        a = Arrays.copyOf(a, grown);
        b = Arrays.copyOf(b, grown);
        w = Arrays.copyOf(w, grown);
      }
      a[size] = item;
      b[size] = follower;
      w[size++] = weight;
    }

    /** Groups by item (a counting sort), each group heaviest first (ties: lower follower), capped. */
    ItemStats toStats(Map<String, Long> counts, String[] items, Map<String, Integer> itemIndex, int cap) {
      int n = items.length;
      int[] start = new int[n + 1];
      for (int i = 0; i < size; i++) {
        start[a[i] + 1]++;
      }
      for (int i = 0; i < n; i++) {
        start[i + 1] += start[i];
      }
      // One key per pair: weight descending, then follower ascending (weights are positive, so
      // their bit patterns order like the values).
      long[] keys = new long[size];
      int[] fill = Arrays.copyOf(start, n);
      for (int i = 0; i < size; i++) {
        keys[fill[a[i]]++] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(w[i])) << 32) | b[i];
      }
      a = null;
      b = null;
      w = null;
      int[] kept = new int[n + 1];
      int total = 0;
      for (int i = 0; i < n; i++) {
        total += Math.min(cap, start[i + 1] - start[i]);
      }
      int[] next = new int[total];
      float[] weight = new float[total];
      int at = 0;
      for (int i = 0; i < n; i++) {
        kept[i] = at;
        Arrays.sort(keys, start[i], start[i + 1]);
        int end = start[i] + Math.min(cap, start[i + 1] - start[i]);
        for (int j = start[i]; j < end; j++) {
          next[at] = (int) keys[j];
          weight[at++] = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (keys[j] >>> 32));
        }
      }
      kept[n] = at;
      return new ItemStats(counts, items, itemIndex, kept, next, weight);
    }
  }

  private static final class Builder {
    private final int window;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, Map<String, Float>> follows = new HashMap<>();

    Builder(int window) {
      if (window < 1) {
        throw new IllegalArgumentException("co-occurrence window must be >= 1, was " + window);
      }
      this.window = window;
    }

    void add(String[] s) {
      for (int i = 0; i < s.length; i++) {
        counts.merge(s[i], 1L, Long::sum);
        int hi = Math.min(s.length - 1, i + window);
        for (int j = i + 1; j <= hi; j++) {
          if (!s[j].equals(s[i])) {
            follows.computeIfAbsent(s[i], k -> new HashMap<>())
                .merge(s[j], 1f / (j - i), Float::sum);
          }
        }
      }
    }

    ItemStats build() {
      Map<String, Integer> itemIndex = new HashMap<>();
      List<String> items = new ArrayList<>();
      for (String id : counts.keySet()) {
        itemIndex.put(id, items.size());
        items.add(id);
      }
      Pairs pairs = new Pairs();
      for (Map.Entry<String, Map<String, Float>> e : follows.entrySet()) {
        int a = itemIndex.get(e.getKey());
        for (Map.Entry<String, Float> f : e.getValue().entrySet()) {
          pairs.add(a, itemIndex.get(f.getKey()), f.getValue());
        }
      }
      return pairs.toStats(counts, items.toArray(String[]::new), itemIndex, Integer.MAX_VALUE);
    }
  }

  @Override
  public String toString() {
    return "ItemStats[" + counts.size() + " items, " + pairCount() + " co-occurring pairs]";
  }
}
