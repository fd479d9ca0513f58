package dev.homeshelves.service.home;

import dev.homeshelves.service.store.StoreReadException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

/**
 * The circuit breaker in front of GetHome's Bigtable read (Resilience4j). Closed, every read
 * goes to Bigtable; once {@code breaker-failure-rate} % of the last {@code breaker-window} reads
 * failed or timed out it opens, and for {@code breaker-open-for} GetHome answers from the
 * fallbacks without reading. Then it lets a few probe reads through (half-open) and closes
 * again when most of them succeed.
 *
 * <p>Why: a hanging Bigtable costs every call the whole read deadline before its fallback, and
 * keeps a read in flight per call against a Bigtable that is already struggling. Open, a call
 * costs what a cache lookup costs.
 */
final class ReadBreaker {

  /** Probe reads let through after breaker-open-for. */
  private static final int PROBES = 5;

  private ReadBreaker() {}

  static CircuitBreaker of(HomeSettings settings, HomeMetrics metrics) {
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindowType(SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.breakerWindow())
        .minimumNumberOfCalls(settings.breakerWindow())
        .failureRateThreshold(settings.breakerFailureRate())
        .waitDurationInOpenState(settings.breakerOpenFor())
        .permittedNumberOfCallsInHalfOpenState(Math.min(PROBES, settings.breakerWindow()))
        // Only failed reads count: a bug elsewhere in the read path does not open the breaker.
        .recordExceptions(StoreReadException.class)
        .build();
    CircuitBreaker breaker = CircuitBreaker.of("bigtable-read", config);
    metrics.monitorBreaker(breaker);
    return breaker;
  }
}
