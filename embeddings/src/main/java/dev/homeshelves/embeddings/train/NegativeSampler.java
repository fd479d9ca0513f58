package dev.homeshelves.embeddings.train;

/**
 * Draws negative samples with probability proportional to {@code count^nsExponent}, in constant
 * time, with Walker's alias method (Vose's construction). One {@code long} per vocabulary
 * entry: it fits in the CPU caches, where a lookup table of hundreds of entries per item (the
 * C tool's) costs a cache miss on nearly every draw, and it gives the exact probabilities
 * (to 2^-24) for any real exponent, also negative ones, as gensim's cumulative table does.
 */
final class NegativeSampler {
  private static final int THRESHOLD_BITS = 24;
  private static final long THRESHOLD_ONE = 1L << THRESHOLD_BITS;

  /** Per column: the keep threshold (high 32 bits, out of 2^24) and the alias (low 32 bits). */
  private final long[] columns;

  private NegativeSampler(long[] columns) {
    this.columns = columns;
  }

  /** The sampler for vocabulary counts raised to {@code exponent}. */
  static NegativeSampler of(Corpus corpus, double exponent) {
    double[] weights = new double[corpus.vocabularySize()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Math.pow(corpus.count(i), exponent);
    }
    return of(weights);
  }

  /** The sampler for positive, finite {@code weights}. */
  static NegativeSampler of(double[] weights) {
    int n = weights.length;
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    // Vose: scale weights to mean 1, pair each column below 1 with one above it.
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int smallCount = 0;
    int largeCount = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / total;
      if (scaled[i] < 1.0) {
        small[smallCount++] = i;
      } else {
        large[largeCount++] = i;
      }
    }
    long[] columns = new long[n];
    while (smallCount > 0 && largeCount > 0) {
      int s = small[--smallCount];
      int l = large[--largeCount];
      columns[s] = pack(Math.round(scaled[s] * THRESHOLD_ONE), l);
      scaled[l] = (scaled[l] + scaled[s]) - 1.0;
      if (scaled[l] < 1.0) {
        small[smallCount++] = l;
      } else {
        large[largeCount++] = l;
      }
    }
    // What is left has probability 1 up to rounding: always keep the column itself.
    while (largeCount > 0) {
      int l = large[--largeCount];
      columns[l] = pack(THRESHOLD_ONE, l);
    }
    while (smallCount > 0) {
      int s = small[--smallCount];
      columns[s] = pack(THRESHOLD_ONE, s);
    }
    return new NegativeSampler(columns);
  }

  private static long pack(long threshold, int alias) {
    return (threshold << 32) | (alias & 0xFFFFFFFFL);
  }

  /** How many columns {@link #sample} chooses from (the vocabulary size). */
  int columns() {
    return columns.length;
  }

  /**
   * The item for a uniformly drawn {@code column} in [0, {@link #columns()}) and an
   * independent uniform {@code u24} in [0, 2^24): the column itself or its alias.
   */
  int sample(int column, int u24) {
    long c = columns[column];
    return u24 < (c >>> 32) ? column : (int) c;
  }

  /** Probability that {@link #sample} returns {@code item}, from the table (for tests). */
  double probability(int item) {
    double p = 0;
    for (int i = 0; i < columns.length; i++) {
      double keep = (columns[i] >>> 32) / (double) THRESHOLD_ONE;
      if (i == item) {
        p += keep;
      }
      if ((int) columns[i] == item) {
        p += 1 - keep;
      }
    }
    return p / columns.length;
  }
}
