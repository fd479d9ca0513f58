package dev.homeshelves.embeddings.index;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The {@code k} best (row, score) pairs offered so far, in a bounded min-heap of primitives
 * (no boxing per candidate). Equal scores prefer the lower row, so results are deterministic.
 */
public final class TopK {
  private final int k;
  private final int[] rows;
  private final float[] scores;
  private int size;

  public TopK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, was " + k);
    }
    this.k = k;
    this.rows = new int[k];
    this.scores = new float[k];
  }

  /** True when a candidate with {@code score} could still enter. */
  public boolean accepts(float score) {
    return size < k || score > scores[0];
  }

  /** Offers a candidate; it is kept if it is among the best {@code k}. */
  public void offer(int row, float score) {
    if (size < k) {
      rows[size] = row;
      scores[size] = score;
      siftUp(size++);
    } else if (k > 0 && worse(rows[0], scores[0], row, score)) {
      rows[0] = row;
      scores[0] = score;
      siftDown(0);
    }
  }

  /** The kept candidates, best first, as neighbours of {@code embeddings}' ids. */
  public List<Neighbor> toNeighbors(Embeddings embeddings) {
    return toNeighbors(embeddings::id);
  }

  /** The kept candidates, best first, with {@code idOfRow} naming each row. */
  public List<Neighbor> toNeighbors(IntFunction<String> idOfRow) {
    int n = size;
    int[] r = rows.clone();
    float[] s = scores.clone();
    Neighbor[] out = new Neighbor[n];
    // Pop the heap: the worst comes out first, so fill from the back.
    TopK copy = new TopK(k, r, s, n);
    for (int i = n - 1; i >= 0; i--) {
      out[i] = new Neighbor(idOfRow.apply(copy.rows[0]), copy.scores[0]);
      copy.removeRoot();
    }
    return new ArrayList<>(List.of(out));
  }

  private TopK(int k, int[] rows, float[] scores, int size) {
    this.k = k;
    this.rows = rows;
    this.scores = scores;
    this.size = size;
  }

  private void removeRoot() {
    size--;
    rows[0] = rows[size];
    scores[0] = scores[size];
    siftDown(0);
  }

  /** True when (ra, sa) ranks below (rb, sb). */
  private static boolean worse(int ra, float sa, int rb, float sb) {
    return sa < sb || (sa == sb && ra > rb);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(rows[i], scores[i], rows[parent], scores[parent])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int right = left + 1;
      int child = right < size && worse(rows[right], scores[right], rows[left], scores[left]) ? right : left;
      if (!worse(rows[child], scores[child], rows[i], scores[i])) {
        return;
      }
      swap(i, child);
      i = child;
    }
  }

  private void swap(int a, int b) {
    int r = rows[a];
    rows[a] = rows[b];
    rows[b] = r;
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
  }
}
