package dev.homeshelves.embeddings.recommend;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts taken from training sequences that the recommender combines with the vectors: how
 * often each item occurs (its popularity) and how often item {@code b} follows item {@code a}
 * within {@code window} positions, weighted 1/distance.
 */
public final class ItemStats {
  /**
   * The co-occurrence window {@code train} uses: 12 positions, chosen on validation splits of the
   * training data (3 before; 8 to 50 all did better, 8 and 12 best; see docs/embeddings.md).
   */
  public static final int DEFAULT_WINDOW = 12;

  private final Map<String, Long> counts;
  private final Map<String, Map<String, Float>> follows;

  private ItemStats(Map<String, Long> counts, Map<String, Map<String, Float>> follows) {
    this.counts = counts;
    this.follows = follows;
  }

  /** Counts over sequences in memory. */
  public static ItemStats of(List<List<String>> sequences, int window) {
    Builder b = new Builder(window);
    for (List<String> s : sequences) {
      b.add(s.toArray(String[]::new));
    }
    return b.build();
  }

  /** Counts over a sequences file (one per line, ids separated by whitespace). */
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

  /** How often {@code id} occurs; 0 when never seen. */
  public long count(String id) {
    return counts.getOrDefault(id, 0L);
  }

  /** All counts, by id. */
  public Map<String, Long> counts() {
    return counts;
  }

  /** Items that followed {@code id} and their weights; empty when none. */
  public Map<String, Float> following(String id) {
    return follows.getOrDefault(id, Map.of());
  }

  /** Every item with at least one follower. */
  public Iterable<String> itemsWithFollowers() {
    return follows.keySet();
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

  /** Writes the co-occurrence as TSV: header {@code id next weight}, one pair per line. */
  public void writeCooccurrence(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("id\tnext\tweight\n");
      for (Map.Entry<String, Map<String, Float>> a : follows.entrySet()) {
        for (Map.Entry<String, Float> b : a.getValue().entrySet()) {
          w.write(a.getKey() + "\t" + b.getKey() + "\t" + b.getValue() + "\n");
        }
      }
    }
  }

  /** Reads the two files written by {@link #writeCounts} and {@link #writeCooccurrence}. */
  public static ItemStats readSidecars(Path countsFile, Path coocFile) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row row : rows(countsFile, 2, "id\tcount")) {
      try {
        counts.put(row.fields[0], Long.parseLong(row.fields[1]));
      } catch (NumberFormatException e) {
        throw new IOException(countsFile + ": line " + row.line + ": count '" + row.fields[1]
            + "' is not an integer");
      }
    }
    Map<String, Map<String, Float>> follows = new HashMap<>();
    for (Row row : rows(coocFile, 3, "id\tnext\tweight")) {
      float weight;
      try {
        weight = Float.parseFloat(row.fields[2]);
      } catch (NumberFormatException e) {
        throw new IOException(coocFile + ": line " + row.line + ": weight '" + row.fields[2]
            + "' is not a number");
      }
      follows.computeIfAbsent(row.fields[0], k -> new HashMap<>()).put(row.fields[1], weight);
    }
    return new ItemStats(counts, follows);
  }

  private record Row(int line, String[] fields) {}

  private static List<Row> rows(Path file, int columns, String header) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException(file + ": missing (the model needs it; `embeddings train` writes it)");
    }
    List<Row> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      if (first == null || !first.equals(header)) {
        throw new IOException(file + ": line 1: expected header '" + header.replace("\t", "<TAB>")
            + "', found '" + first + "'");
      }
      String line;
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isEmpty()) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != columns) {
          throw new IOException(file + ": line " + n + ": expected " + columns
              + " tab-separated fields, found " + fields.length);
        }
        out.add(new Row(n, fields));
      }
    }
    return out;
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
      return new ItemStats(counts, follows);
    }
  }

  @Override
  public String toString() {
    return "ItemStats[" + counts.size() + " items, " + follows.size() + " with followers]";
  }
}
