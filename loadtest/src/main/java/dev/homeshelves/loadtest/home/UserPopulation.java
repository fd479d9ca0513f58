package dev.homeshelves.loadtest.home;

import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Picks user ids with Zipf-like popularity: the user of rank {@code r} (1-based) is picked with
 * probability proportional to {@code 1 / r^exponent}; exponent 0 picks uniformly. Rank r maps to
 * the id {@code String.format(pattern, r - 1 + firstIndex)}, so ids match what the seeder wrote.
 * Not thread-safe: one sender thread uses it.
 */
public final class UserPopulation {
  private final String pattern;
  private final int users;
  private final int firstIndex;
  private final ZipfDistribution zipf;
  private final RandomGenerator random;

  public UserPopulation(String pattern, int users, int firstIndex, double exponent, long seed) {
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, was " + users);
    }
    if (exponent < 0) {
      throw new IllegalArgumentException("zipf exponent must be >= 0, was " + exponent);
    }
    String probe = String.format(pattern, firstIndex);
    if (probe.equals(pattern)) {
      throw new IllegalArgumentException(
          "user id pattern must contain one integer placeholder such as %d, was '" + pattern + "'");
    }
    this.pattern = pattern;
    this.users = users;
    this.firstIndex = firstIndex;
    this.random = new Well19937c(seed);
    this.zipf = exponent == 0 ? null : new ZipfDistribution(random, users, exponent);
  }

  /** The next user id. */
  public String next() {
    return idOfRank(nextRank());
  }

  /** The popularity rank (1 = most popular) of the next user. */
  public int nextRank() {
    return zipf == null ? 1 + random.nextInt(users) : zipf.sample();
  }

  /** The id of the user of popularity rank {@code rank} (1 = most popular). */
  public String idOfRank(int rank) {
    return String.format(pattern, rank - 1 + firstIndex);
  }

  public int size() {
    return users;
  }
}
