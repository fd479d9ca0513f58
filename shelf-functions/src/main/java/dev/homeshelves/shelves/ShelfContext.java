package dev.homeshelves.shelves;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.Recommender;
import dev.homeshelves.shelves.catalog.Artist;
import dev.homeshelves.shelves.catalog.Catalog;
import dev.homeshelves.shelves.catalog.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a shelf function may read about one user at one instant: plays, follows, likes,
 * the catalog, the recommender, trending counts, its parameter values and the clock. Immutable
 * and free of I/O; the worker builds one per recompute with {@link #builder()}.
 */
public final class ShelfContext {
  private final String userId;
  private final Instant now;
  private final Plays plays;
  private final Set<String> followedArtists;
  private final Set<String> likedTracks;
  private final Catalog catalog;
  private final Recommender recommender;
  private final Trending trending;
  private final ParamValues params;

  private ShelfContext(String userId, Instant now, Plays plays, Set<String> followedArtists,
      Set<String> likedTracks, Catalog catalog, Recommender recommender, Trending trending,
      ParamValues params) {
    this.userId = userId;
    this.now = now;
    this.plays = plays;
    this.followedArtists = followedArtists;
    this.likedTracks = likedTracks;
    this.catalog = catalog;
    this.recommender = recommender;
    this.trending = trending;
    this.params = params;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String userId() {
    return userId;
  }

  /** The clock of this computation; shelves never read the system clock. */
  public Instant now() {
    return now;
  }

  /** The user's counted plays, newest first. */
  public Plays plays() {
    return plays;
  }

  /** Ids of the artists the user follows, most recently followed first. */
  public Set<String> followedArtists() {
    return followedArtists;
  }

  /** Ids of the tracks the user liked, most recently liked first. */
  public Set<String> likedTracks() {
    return likedTracks;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The scoring every shelf uses for "items like these"; see {@link Recommender}. */
  public Recommender recommender() {
    return recommender;
  }

  /** Global play counts over the trending window. */
  public Trending trending() {
    return trending;
  }

  /** The value of {@code param} for this user's variant, or its default. */
  public <T extends Comparable<? super T>> T param(Param<T> param) {
    return params.get(param);
  }

  /** The parameter values this context carries. */
  public ParamValues params() {
    return params;
  }

  /** The same user and instant with other parameter values (one shelf's variant). */
  public ShelfContext withParams(ParamValues values) {
    return new ShelfContext(userId, now, plays, followedArtists, likedTracks, catalog, recommender,
        trending, Objects.requireNonNull(values, "values"));
  }

  /** The instant {@code window} before now. */
  public Instant ago(Duration window) {
    return now.minus(window);
  }

  /** A catalog track. */
  public Optional<Track> track(String id) {
    return catalog.track(id);
  }

  /** A catalog artist. */
  public Optional<Artist> artist(String id) {
    return catalog.artist(id);
  }

  /**
   * Up to {@code k} catalog tracks closest to {@code seeds} (id to weight), best first, never
   * a seed nor an id in {@code exclude}.
   */
  public List<Neighbor> recommend(Map<String, Double> seeds, int k, Set<String> exclude) {
    if (seeds.isEmpty() || k <= 0) {
      return List.of();
    }
    return knownTracks(recommender.recommend(seeds, k, exclude));
  }

  /** Up to {@code k} catalog tracks closest to track {@code seed}, never the seed itself. */
  public List<Neighbor> similarTo(String seed, int k, Set<String> exclude) {
    return recommend(Map.of(seed, 1.0), k, exclude);
  }

  /**
   * Cards for {@code neighbors} in order, skipping ids missing from the catalog, each with
   * {@code reason}.
   */
  public List<Card> trackCards(List<Neighbor> neighbors, String reason) {
    List<Card> cards = new ArrayList<>();
    for (Neighbor n : neighbors) {
      catalog.track(n.id()).ifPresent(t -> cards.add(Card.track(t, n.score(), reason)));
    }
    return cards;
  }

  private List<Neighbor> knownTracks(List<Neighbor> neighbors) {
    List<Neighbor> known = new ArrayList<>(neighbors.size());
    for (Neighbor n : neighbors) {
      if (catalog.containsTrack(n.id())) {
        known.add(n);
      }
    }
    return known;
  }

  /** Builds a context; only the user id and the clock are required. */
  public static final class Builder {
    private String userId;
    private Instant now;
    private Plays plays = Plays.none();
    private Set<String> followedArtists = Set.of();
    private Set<String> likedTracks = Set.of();
    private Catalog catalog = Catalog.empty();
    private Recommender recommender = NoRecommendations.INSTANCE;
    private Trending trending = Trending.none(Duration.ofHours(1));
    private ParamValues params = ParamValues.defaults();

    private Builder() {}

    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    public Builder now(Instant now) {
      this.now = now;
      return this;
    }

    /** The user's plays in any order. */
    public Builder plays(List<Play> plays) {
      this.plays = Plays.of(plays);
      return this;
    }

    /** Followed artist ids, most recently followed first. */
    public Builder followedArtists(List<String> artistIds) {
      this.followedArtists = Collections.unmodifiableSet(new LinkedHashSet<>(artistIds));
      return this;
    }

    /** Liked track ids, most recently liked first. */
    public Builder likedTracks(List<String> trackIds) {
      this.likedTracks = Collections.unmodifiableSet(new LinkedHashSet<>(trackIds));
      return this;
    }

    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    public Builder recommender(Recommender recommender) {
      this.recommender = Objects.requireNonNull(recommender, "recommender");
      return this;
    }

    public Builder trending(Trending trending) {
      this.trending = Objects.requireNonNull(trending, "trending");
      return this;
    }

    /** Parameter values for every shelf run with this context (usually set per shelf). */
    public Builder params(ParamValues params) {
      this.params = Objects.requireNonNull(params, "params");
      return this;
    }

    public ShelfContext build() {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(now, "now");
      return new ShelfContext(userId, now, plays, followedArtists, likedTracks, catalog,
          recommender, trending, params);
    }
  }

  /** The recommender of a context without vectors (the default Home): nothing is similar. */
  private enum NoRecommendations implements Recommender {
    INSTANCE;

    private static final Embeddings NONE = Embeddings.of(List.of(), new float[0], 1);

    @Override
    public Embeddings embeddings() {
      return NONE;
    }

    @Override
    public List<Neighbor> recommend(Map<String, Double> seeds, int k, Set<String> exclude) {
      return List.of();
    }
  }
}
