package dev.homeshelves.embeddings.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequences of items (playlists, listening sessions) encoded against a vocabulary: items
 * seen at least {@code minCount} times, most frequent first (ties in order of first
 * appearance), as gensim orders them. Rare items are dropped from the sequences.
 */
public final class Corpus {
  private final String[] vocab;
  private final long[] counts;
  private final int[] tokens;
  private final int[] starts;
  private final long rawItems;
  private final int minCount;

  private Corpus(String[] vocab, long[] counts, int[] tokens, int[] starts, long rawItems, int minCount) {
    this.minCount = minCount;
    this.vocab = vocab;
    this.counts = counts;
    this.tokens = tokens;
    this.starts = starts;
    this.rawItems = rawItems;
  }

  /** Reads one sequence per line, item ids separated by whitespace; blank lines are skipped. */
  public static Corpus read(Path file, int minCount) throws IOException {
    List<String[]> sequences = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        String s = line.strip();
        if (!s.isEmpty()) {
          sequences.add(s.split("\\s+"));
        }
      }
    }
    return build(sequences, minCount);
  }

  /** A corpus of in-memory sequences. */
  public static Corpus of(List<List<String>> sequences, int minCount) {
    List<String[]> arrays = new ArrayList<>(sequences.size());
    for (List<String> s : sequences) {
      arrays.add(s.toArray(String[]::new));
    }
    return build(arrays, minCount);
  }

  private static Corpus build(List<String[]> sequences, int minCount) {
    Map<String, long[]> seen = new LinkedHashMap<>();
    long raw = 0;
    for (String[] s : sequences) {
      for (String item : s) {
        seen.computeIfAbsent(item, k -> new long[1])[0]++;
        raw++;
      }
    }
    List<Map.Entry<String, long[]>> kept = new ArrayList<>();
    for (Map.Entry<String, long[]> e : seen.entrySet()) {
      if (e.getValue()[0] >= minCount) {
        kept.add(e);
      }
    }
    // Stable sort: equal counts keep their order of first appearance.
    kept.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed());
    String[] vocab = new String[kept.size()];
    long[] counts = new long[kept.size()];
    Map<String, Integer> index = new HashMap<>(kept.size() * 2);
    for (int i = 0; i < kept.size(); i++) {
      vocab[i] = kept.get(i).getKey();
      counts[i] = kept.get(i).getValue()[0];
      index.put(vocab[i], i);
    }
    int[] starts = new int[sequences.size() + 1];
    int[] tokens = new int[(int) Math.min(raw, Integer.MAX_VALUE - 8)];
    int n = 0;
    for (int s = 0; s < sequences.size(); s++) {
      starts[s] = n;
      for (String item : sequences.get(s)) {
        Integer i = index.get(item);
        if (i != null) {
          tokens[n++] = i;
        }
      }
    }
    starts[sequences.size()] = n;
    return new Corpus(vocab, counts, Arrays.copyOf(tokens, n), starts, raw, minCount);
  }

  /** The minimum count an item needed to enter the vocabulary. */
  public int minCount() {
    return minCount;
  }

  public int vocabularySize() {
    return vocab.length;
  }

  /** The item id of vocabulary entry {@code i}. */
  public String item(int i) {
    return vocab[i];
  }

  /** How often vocabulary entry {@code i} occurs in the corpus. */
  public long count(int i) {
    return counts[i];
  }

  public int sequenceCount() {
    return starts.length - 1;
  }

  /** Items in all sequences, counting the ones dropped by {@code minCount}. */
  public long rawItemCount() {
    return rawItems;
  }

  /** Items in all sequences that are in the vocabulary. */
  public long retainedItemCount() {
    return tokens.length;
  }

  /** Encoded items of all sequences, back to back; sequence {@code s} is {@code [start(s), start(s+1))}. */
  int[] tokens() {
    return tokens;
  }

  int start(int sequence) {
    return starts[sequence];
  }
}
