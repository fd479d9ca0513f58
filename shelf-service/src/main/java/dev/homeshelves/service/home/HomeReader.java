package dev.homeshelves.service.home;

import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.StoreReadException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path with its fallback chain, in order: the user's stored shelves (each the newest
 * readable version, see {@link ShelfStore}) → when Bigtable fails or exceeds the deadline, the
 * user's last good Home from memory ({@code SOURCE_STALE}) → when there is none, or the user
 * has no shelves yet, the default Home ({@code SOURCE_DEFAULT}). Never throws for storage
 * problems. With {@code home-shelves.home.fresh-ttl} above zero (off by default), a Home read
 * from Bigtable less than that long ago is answered again without a read ({@code SOURCE_FRESH}):
 * it saves the Bigtable round trip, the most expensive part of GetHome, for popular users, at
 * the price of showing a shelf rewrite up to fresh-ttl later.
 */
@Singleton
public final class HomeReader {

  private static final Logger LOG = LoggerFactory.getLogger(HomeReader.class);

  private final ShelfStore store;
  private final LastGoodHomes lastGood;
  private final DefaultHome defaultHome;
  private final HomeSettings settings;
  private final HomeMetrics metrics;
  private final CircuitBreaker breaker;

  public HomeReader(
      ShelfStore store,
      LastGoodHomes lastGood,
      DefaultHome defaultHome,
      HomeSettings settings,
      HomeMetrics metrics) {
    this.store = store;
    this.lastGood = lastGood;
    this.defaultHome = defaultHome;
    this.settings = settings;
    this.metrics = metrics;
    this.breaker = ReadBreaker.of(settings, metrics);
  }

  /** The user's Home and where it came from. */
  public Home read(String userId) {
    Optional<List<Shelf>> recent = lastGood.recent(userId);
    if (recent.isPresent()) {
      return new Home(recent.get(), Source.SOURCE_FRESH);
    }
    List<Shelf> stored;
    try {
      stored = breaker.executeSupplier(() -> store.readHome(userId, settings.readDeadline()));
    } catch (CallNotPermittedException e) {
      metrics.readSkipped();
      return fallback(userId);
    } catch (StoreReadException e) {
      metrics.readFailed(e.timedOut());
      LOG.debug("Bigtable read for {} failed, falling back: {}", userId, e.getMessage());
      return fallback(userId);
    }
    if (stored.isEmpty()) {
      return defaultHome();
    }
    lastGood.remember(userId, stored);
    return new Home(stored, Source.SOURCE_FRESH);
  }

  /** The user's last good Home, every shelf marked stale, else the default Home. */
  private Home fallback(String userId) {
    Optional<List<Shelf>> cached = lastGood.lastGood(userId);
    return cached.map(shelves -> new Home(markStale(shelves), Source.SOURCE_STALE)).orElseGet(this::defaultHome);
  }

  private Home defaultHome() {
    return new Home(defaultHome.shelves(), Source.SOURCE_DEFAULT);
  }

  private static List<Shelf> markStale(List<Shelf> shelves) {
    return shelves.stream().map(s -> s.getStale() ? s : s.toBuilder().setStale(true).build()).toList();
  }
}
