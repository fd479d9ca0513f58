package dev.homeshelves.embeddings.recommend;

/**
 * How the recommender combines its signals for a candidate {@code c} of seeds {@code s}
 * (weights {@code w_s} summing to 1):
 * {@code cos(taste, c) + popularity * ln(count c) + cooccurrence * ln(1 + sum_s w_s * (follows(s, c) + precedes * follows(c, s)))}.
 *
 * @param popularity weight of the log-popularity prior
 * @param cooccurrence weight of the log co-occurrence
 * @param precedes weight of "c came before s" relative to "c came after s"
 * @param candidates how many cosine neighbours of the taste vector are scored (besides every
 *     co-occurring item)
 */
public record Scoring(double popularity, double cooccurrence, double precedes, int candidates) {
  public Scoring {
    if (candidates < 1) {
      throw new IllegalArgumentException("candidates must be >= 1, was " + candidates);
    }
  }

  /** The tuned defaults (see docs/embeddings.md for the evaluation that chose them). */
  public static Scoring defaults() {
    return new Scoring(0.1, 0.5, 0.5, 500);
  }

  /** Cosine similarity only: what the pure vectors give. */
  public static Scoring cosineOnly() {
    return new Scoring(0, 0, 0, 500);
  }
}
