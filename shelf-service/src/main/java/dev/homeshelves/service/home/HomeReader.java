package dev.homeshelves.service.home;

import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.StoreReadException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import dev.homeshelves.service.store.Tables;
import dev.homeshelves.service.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
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
 *
 * <p>Traced (when tracing is on): the Bigtable read is a CLIENT span {@value #READ_SPAN}, a child
 * of the call's server span, and the server span gets the answer's {@code homeshelves.source}.
 */
@Singleton
public final class HomeReader {

  private static final Logger LOG = LoggerFactory.getLogger(HomeReader.class);
  /** The span of the Bigtable read of a user's Home. */
  public static final String READ_SPAN = "ReadRow " + Tables.SHELVES;
  static final AttributeKey<String> SOURCE = AttributeKey.stringKey("homeshelves.source");
  static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");
  static final AttributeKey<Long> SHELVES = AttributeKey.longKey("homeshelves.shelves");
  static final AttributeKey<Boolean> TIMED_OUT = AttributeKey.booleanKey("homeshelves.read.timed_out");

  private final ShelfStore store;
  private final LastGoodHomes lastGood;
  private final DefaultHome defaultHome;
  private final HomeSettings settings;
  private final HomeMetrics metrics;
  private final CircuitBreaker breaker;
  private final Tracing tracing;

  public HomeReader(
      ShelfStore store,
      LastGoodHomes lastGood,
      DefaultHome defaultHome,
      HomeSettings settings,
      HomeMetrics metrics,
      Tracing tracing) {
    this.store = store;
    this.lastGood = lastGood;
    this.defaultHome = defaultHome;
    this.settings = settings;
    this.metrics = metrics;
    this.tracing = tracing;
    this.breaker = ReadBreaker.of(settings, metrics);
  }

  /** The user's Home and where it came from. */
  public Home read(String userId) {
    Home home = readWithFallbacks(userId);
    if (tracing.on()) {
      Span.current().setAttribute(SOURCE, home.source().name());
    }
    return home;
  }

  private Home readWithFallbacks(String userId) {
    Optional<List<Shelf>> recent = lastGood.recent(userId);
    if (recent.isPresent()) {
      return new Home(recent.get(), Source.SOURCE_FRESH);
    }
    List<Shelf> stored;
    try {
      stored = breaker.executeSupplier(
          () -> tracing.on() ? readTraced(userId) : store.readHome(userId, settings.readDeadline()));
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

  private List<Shelf> readTraced(String userId) {
    Span span = tracing.tracer().spanBuilder(READ_SPAN)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(DB_OPERATION, "ReadRow")
        .setAttribute(DB_COLLECTION, Tables.SHELVES)
        .startSpan();
    try (Scope current = span.makeCurrent()) {
      List<Shelf> shelves = store.readHome(userId, settings.readDeadline());
      span.setAttribute(SHELVES, (long) shelves.size());
      return shelves;
    } catch (StoreReadException e) {
      span.setAttribute(TIMED_OUT, e.timedOut());
      span.setStatus(StatusCode.ERROR, e.timedOut() ? "read deadline exceeded" : "read failed");
      span.recordException(e);
      throw e;
    } finally {
      span.end();
    }
  }

  private Home defaultHome() {
    return new Home(defaultHome.shelves(), Source.SOURCE_DEFAULT);
  }

  private static List<Shelf> markStale(List<Shelf> shelves) {
    return shelves.stream().map(s -> s.getStale() ? s : s.toBuilder().setStale(true).build()).toList();
  }
}
