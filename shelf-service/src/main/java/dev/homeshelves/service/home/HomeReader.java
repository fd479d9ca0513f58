package dev.homeshelves.service.home;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.core.SettableApiFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.StoreReadException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import dev.homeshelves.service.store.Tables;
import dev.homeshelves.service.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path with its fallback chain, in order: the user's stored shelves (each the newest
 * readable version, see {@link ShelfStore}) → when Bigtable fails or exceeds the deadline, the
 * read breaker is open, or {@code max-reads-in-flight} reads are already in flight, the user's
 * last good Home from memory ({@code SOURCE_STALE}) → when there is none, or the user
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
  /** Bounds the reads in flight: nothing else does, since no thread waits for them. */
  private final Semaphore readsInFlight;
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
    this.readsInFlight = new Semaphore(settings.maxReadsInFlight());
  }

  /** The user's Home and where it came from, waiting for the read. */
  public Home read(String userId) {
    try {
      return readAsync(userId).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException bug) {
        throw bug;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback(userId);
    }
  }

  /**
   * The user's Home and where it came from, without blocking: at once from the fresh-ttl cache
   * or, with the breaker open, from the fallbacks; else when the Bigtable read ends, on the
   * client's network thread. Storage problems never fail the future (they fall back); only a
   * bug does.
   */
  public ApiFuture<Home> readAsync(String userId) {
    Span call = tracing.on() ? Span.current() : null;
    Optional<List<Shelf>> recent = lastGood.recent(userId);
    if (recent.isPresent()) {
      return answered(call, new Home(recent.get(), Source.SOURCE_FRESH));
    }
    if (!readsInFlight.tryAcquire()) {
      metrics.readShed();
      return answered(call, fallback(userId));
    }
    if (!breaker.tryAcquirePermission()) {
      readsInFlight.release();
      metrics.readSkipped();
      return answered(call, fallback(userId));
    }
    long started = System.nanoTime();
    Span read = call == null ? null : readSpan();
    ApiFuture<List<Shelf>> stored;
    try {
      stored = store.readHomeAsync(userId, settings.readDeadline());
    } catch (RuntimeException bug) {
      breaker.releasePermission();
      readsInFlight.release();
      endRead(read, null, bug);
      throw bug;
    }
    stored.addListener(readsInFlight::release, MoreExecutors.directExecutor());
    SettableApiFuture<Home> home = SettableApiFuture.create();
    // The callback runs on the Bigtable client's thread: its log lines carry the call's MDC.
    LogContext.Captured logContext = LogContext.capture();
    ApiFutures.addCallback(stored, new ApiFutureCallback<>() {
      @Override
      public void onSuccess(List<Shelf> shelves) {
        breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        endRead(read, shelves, null);
        settle(home, () -> {
          if (shelves.isEmpty()) {
            return defaultHome();
          }
          lastGood.remember(userId, shelves);
          return new Home(shelves, Source.SOURCE_FRESH);
        });
      }

      @Override
      public void onFailure(Throwable t) {
        // Only a StoreReadException counts as a failed read (ReadBreaker); anything else is a
        // bug, which fails the call instead of falling back.
        breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, t);
        endRead(read, null, t);
        if (!(t instanceof StoreReadException e)) {
          home.setException(t);
          return;
        }
        metrics.readFailed(e.timedOut());
        try (var restored = logContext.restore()) {
          LOG.debug("Bigtable read for {} failed, falling back: {}", userId, e.getMessage());
        }
        settle(home, () -> fallback(userId));
      }

      /** Completes {@code home} with the Home, or with the bug that kept it from being made. */
      private void settle(SettableApiFuture<Home> home, Supplier<Home> made) {
        try {
          home.set(answer(call, made.get()));
        } catch (RuntimeException bug) {
          home.setException(bug);
        }
      }
    }, MoreExecutors.directExecutor());
    return home;
  }

  private static ApiFuture<Home> answered(Span call, Home home) {
    return ApiFutures.immediateFuture(answer(call, home));
  }

  private static Home answer(Span call, Home home) {
    if (call != null) {
      call.setAttribute(SOURCE, home.source().name());
    }
    return home;
  }

  /** The user's last good Home, every shelf marked stale, else the default Home. */
  private Home fallback(String userId) {
    Optional<List<Shelf>> cached = lastGood.lastGood(userId);
    return cached.map(shelves -> new Home(markStale(shelves), Source.SOURCE_STALE)).orElseGet(this::defaultHome);
  }

  /** The CLIENT span of the Bigtable read, a child of the call's span. */
  private Span readSpan() {
    return tracing.tracer().spanBuilder(READ_SPAN)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(DB_OPERATION, "ReadRow")
        .setAttribute(DB_COLLECTION, Tables.SHELVES)
        .startSpan();
  }

  private static void endRead(Span read, List<Shelf> shelves, Throwable failure) {
    if (read == null) {
      return;
    }
    if (shelves != null) {
      read.setAttribute(SHELVES, (long) shelves.size());
    }
    if (failure != null) {
      boolean timedOut = failure instanceof StoreReadException e && e.timedOut();
      read.setAttribute(TIMED_OUT, timedOut);
      read.setStatus(StatusCode.ERROR, timedOut ? "read deadline exceeded" : "read failed");
      read.recordException(failure);
    }
    read.end();
  }

  private Home defaultHome() {
    return new Home(defaultHome.shelves(), Source.SOURCE_DEFAULT);
  }

  private static List<Shelf> markStale(List<Shelf> shelves) {
    return shelves.stream().map(s -> s.getStale() ? s : s.toBuilder().setStale(true).build()).toList();
  }
}
