package dev.homeshelves.shelves;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A user's play history, newest first, with the questions shelves ask of it. Ties between
 * tracks are always broken by the most recent play, so every answer is deterministic.
 */
public final class Plays {
  private static final Plays NONE = new Plays(List.of());

  private final List<Play> newestFirst;

  private Plays(List<Play> newestFirst) {
    this.newestFirst = newestFirst;
  }

  /** The plays in any order; they are sorted newest first (equal times keep their order). */
  public static Plays of(List<Play> plays) {
    List<Play> sorted = new ArrayList<>(plays);
    sorted.sort(Comparator.comparing(Play::at).reversed());
    return new Plays(Collections.unmodifiableList(sorted));
  }

  /** No plays: a new user. */
  public static Plays none() {
    return NONE;
  }

  /** Every play, newest first. */
  public List<Play> all() {
    return newestFirst;
  }

  public boolean isEmpty() {
    return newestFirst.isEmpty();
  }

  public int size() {
    return newestFirst.size();
  }

  /** The plays at or after {@code from}. */
  public Plays since(Instant from) {
    List<Play> recent = new ArrayList<>();
    for (Play p : newestFirst) {
      if (p.at().isBefore(from)) {
        break;
      }
      recent.add(p);
    }
    return new Plays(Collections.unmodifiableList(recent));
  }

  /** Up to {@code n} distinct track ids, most recently played first. */
  public List<String> recentDistinctTracks(int n) {
    Set<String> ids = new LinkedHashSet<>();
    for (Play p : newestFirst) {
      if (ids.size() >= n) {
        break;
      }
      ids.add(p.trackId());
    }
    return List.copyOf(ids);
  }

  /** Every track id the user has played. */
  public Set<String> trackIds() {
    Set<String> ids = new LinkedHashSet<>();
    newestFirst.forEach(p -> ids.add(p.trackId()));
    return Collections.unmodifiableSet(ids);
  }

  /** The most recent play of {@code trackId}. */
  public Optional<Play> lastPlayOf(String trackId) {
    return newestFirst.stream().filter(p -> p.trackId().equals(trackId)).findFirst();
  }

  /**
   * The track listened to longest (total ms played) since {@code from}; ties go to the most
   * recently played. Empty when nothing was played since then.
   */
  public Optional<String> strongestSince(Instant from) {
    Map<String, Long> ms = new LinkedHashMap<>();
    for (Play p : since(from).all()) {
      ms.merge(p.trackId(), p.msPlayed(), Long::sum);
    }
    return sortedByValue(ms).keySet().stream().findFirst();
  }

  /**
   * Play counts per track since {@code from}, most played first, ties by most recent play.
   * The map iterates in that order.
   */
  public Map<String, Integer> countsSince(Instant from) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Play p : since(from).all()) {
      counts.merge(p.trackId(), 1, Integer::sum);
    }
    return sortedByValue(counts);
  }

  /**
   * A weight per track: the sum over its plays of {@code 0.5^(age / halfLife)} at
   * {@code now}, so a play today counts 1 and a play one half-life ago counts 0.5. Iterates
   * heaviest first, ties by most recent play.
   */
  public Map<String, Double> recencyWeights(Instant now, Duration halfLife) {
    double half = halfLife.toMillis();
    Map<String, Double> weights = new LinkedHashMap<>();
    for (Play p : newestFirst) {
      double ageMs = Math.max(0, Duration.between(p.at(), now).toMillis());
      weights.merge(p.trackId(), Math.pow(0.5, ageMs / half), Double::sum);
    }
    return sortedByValue(weights);
  }

  private static <V extends Comparable<V>> Map<String, V> sortedByValue(Map<String, V> byRecency) {
    Map<String, Integer> rank = new HashMap<>();
    byRecency.keySet().forEach(k -> rank.put(k, rank.size()));
    List<Map.Entry<String, V>> entries = new ArrayList<>(byRecency.entrySet());
    entries.sort(Map.Entry.<String, V>comparingByValue().reversed()
        .thenComparing(e -> rank.get(e.getKey())));
    Map<String, V> sorted = new LinkedHashMap<>();
    entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return Collections.unmodifiableMap(sorted);
  }
}
