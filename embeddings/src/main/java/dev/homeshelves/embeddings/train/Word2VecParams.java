package dev.homeshelves.embeddings.train;

/**
 * Skip-gram negative-sampling hyper-parameters, named as the original C tool and gensim name
 * them; {@link #defaults()} are gensim 4's defaults.
 *
 * @param dim vector dimension ({@code vector_size})
 * @param window maximum distance between an item and its context; each position uses a
 *     random window of 1..window, as the reference implementations do
 * @param negative negative samples per positive pair
 * @param minCount items seen fewer times are dropped from the vocabulary
 * @param sample sub-sampling threshold for frequent items (0 disables)
 * @param alpha initial learning rate, decayed linearly to {@code minAlpha} over all epochs
 * @param minAlpha final learning rate
 * @param epochs passes over the corpus
 * @param threads worker threads updating the shared matrices without locks (Hogwild)
 * @param nsExponent exponent of the negative-sampling distribution {@code count^nsExponent};
 *     0.75 as in the paper, 0 uniform, negative values favour rare items
 * @param seed random seed; with one thread the output is bit-for-bit reproducible
 */
public record Word2VecParams(
    int dim,
    int window,
    int negative,
    int minCount,
    double sample,
    double alpha,
    double minAlpha,
    int epochs,
    int threads,
    double nsExponent,
    long seed) {

  public Word2VecParams {
    require(dim > 0, "dim", dim, "must be > 0");
    require(window > 0, "window", window, "must be > 0");
    require(negative > 0, "negative", negative, "must be > 0");
    require(minCount > 0, "minCount", minCount, "must be > 0");
    require(sample >= 0 && Double.isFinite(sample), "sample", sample, "must be >= 0");
    require(alpha > 0 && Double.isFinite(alpha), "alpha", alpha, "must be > 0");
    require(minAlpha >= 0 && minAlpha <= alpha, "minAlpha", minAlpha, "must be in [0, alpha]");
    require(epochs > 0, "epochs", epochs, "must be > 0");
    require(threads > 0, "threads", threads, "must be > 0");
    require(Double.isFinite(nsExponent), "nsExponent", nsExponent, "must be finite");
  }

  /** gensim 4's defaults: dim 100, window 5, negative 5, minCount 5, sample 1e-3, alpha 0.025, minAlpha 1e-4, 5 epochs, 3 threads, nsExponent 0.75, seed 1. */
  public static Word2VecParams defaults() {
    return new Word2VecParams(100, 5, 5, 5, 1e-3, 0.025, 1e-4, 5, 3, 0.75, 1);
  }

  public Word2VecParams withDim(int v) {
    return new Word2VecParams(v, window, negative, minCount, sample, alpha, minAlpha, epochs, threads, nsExponent, seed);
  }

  public Word2VecParams withWindow(int v) {
    return new Word2VecParams(dim, v, negative, minCount, sample, alpha, minAlpha, epochs, threads, nsExponent, seed);
  }

  public Word2VecParams withNegative(int v) {
    return new Word2VecParams(dim, window, v, minCount, sample, alpha, minAlpha, epochs, threads, nsExponent, seed);
  }

  public Word2VecParams withMinCount(int v) {
    return new Word2VecParams(dim, window, negative, v, sample, alpha, minAlpha, epochs, threads, nsExponent, seed);
  }

  public Word2VecParams withSample(double v) {
    return new Word2VecParams(dim, window, negative, minCount, v, alpha, minAlpha, epochs, threads, nsExponent, seed);
  }

  public Word2VecParams withAlpha(double v) {
    return new Word2VecParams(dim, window, negative, minCount, sample, v, minAlpha, epochs, threads, nsExponent, seed);
  }

  public Word2VecParams withMinAlpha(double v) {
    return new Word2VecParams(dim, window, negative, minCount, sample, alpha, v, epochs, threads, nsExponent, seed);
  }

  public Word2VecParams withEpochs(int v) {
    return new Word2VecParams(dim, window, negative, minCount, sample, alpha, minAlpha, v, threads, nsExponent, seed);
  }

  public Word2VecParams withThreads(int v) {
    return new Word2VecParams(dim, window, negative, minCount, sample, alpha, minAlpha, epochs, v, nsExponent, seed);
  }

  public Word2VecParams withNsExponent(double v) {
    return new Word2VecParams(dim, window, negative, minCount, sample, alpha, minAlpha, epochs, threads, v, seed);
  }

  public Word2VecParams withSeed(long v) {
    return new Word2VecParams(dim, window, negative, minCount, sample, alpha, minAlpha, epochs, threads, nsExponent, v);
  }

  private static void require(boolean ok, String name, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(name + " " + rule + ", was " + value);
    }
  }
}
