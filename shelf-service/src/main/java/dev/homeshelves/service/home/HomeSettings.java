package dev.homeshelves.service.home;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Settings of the read path ({@code home-shelves.home.*} in application.yml, which documents
 * each one and its default).
 */
@ConfigurationProperties("home-shelves.home")
public record HomeSettings(
    Duration readDeadline,
    int defaultMaxShelves,
    int maxShelves,
    int defaultMaxItemsPerShelf,
    int maxItemsPerShelf,
    int userIdMaxLength,
    long cacheMaxBytes,
    Duration cacheExpireAfterWrite,
    Duration defaultHomeRefresh,
    Duration defaultHomeRetry,
    Duration defaultHomeReadDeadline,
    Duration freshTtl,
    int minItemsPerShelf,
    int breakerFailureRate,
    int breakerWindow,
    Duration breakerOpenFor,
    int maxReadsInFlight) {

  public HomeSettings {
    requirePositive("read-deadline", readDeadline);
    requirePositive("cache-expire-after-write", cacheExpireAfterWrite);
    requirePositive("default-home-refresh", defaultHomeRefresh);
    requirePositive("default-home-retry", defaultHomeRetry);
    requirePositive("default-home-read-deadline", defaultHomeReadDeadline);
    requirePositive("breaker-open-for", breakerOpenFor);
    if (breakerFailureRate < 1 || breakerFailureRate > 100 || breakerWindow < 1) {
      throw new IllegalArgumentException("home-shelves.home: need 1 <= breaker-failure-rate <= 100 and breaker-window >= 1,"
          + " got " + breakerFailureRate + " and " + breakerWindow);
    }
    if (maxReadsInFlight < 1) {
      throw new IllegalArgumentException("home-shelves.home.max-reads-in-flight must be at least 1, got " + maxReadsInFlight);
    }
    if (defaultHomeRetry.compareTo(defaultHomeRefresh) > 0) {
      throw new IllegalArgumentException(
          "home-shelves.home.default-home-retry must not be longer than default-home-refresh, got " + defaultHomeRetry);
    }
    if (minItemsPerShelf < 1 || minItemsPerShelf > defaultMaxItemsPerShelf) {
      throw new IllegalArgumentException(
          "home-shelves.home: need 1 <= min-items-per-shelf <= default-max-items-per-shelf, got " + minItemsPerShelf);
    }
    if (freshTtl == null) {
      freshTtl = Duration.ZERO;
    }
    if (freshTtl.isNegative() || freshTtl.compareTo(cacheExpireAfterWrite) > 0) {
      throw new IllegalArgumentException(
          "home-shelves.home.fresh-ttl must be between 0 and cache-expire-after-write, got " + freshTtl);
    }
    if (defaultMaxShelves < 1 || maxShelves < defaultMaxShelves) {
      throw new IllegalArgumentException("home-shelves.home: need 1 <= default-max-shelves <= max-shelves");
    }
    if (defaultMaxItemsPerShelf < 1 || maxItemsPerShelf < defaultMaxItemsPerShelf) {
      throw new IllegalArgumentException(
          "home-shelves.home: need 1 <= default-max-items-per-shelf <= max-items-per-shelf");
    }
    if (userIdMaxLength < 1 || cacheMaxBytes < 0) {
      throw new IllegalArgumentException("home-shelves.home: user-id-max-length must be >= 1 and cache-max-bytes >= 0");
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("home-shelves.home." + name + " must be a positive duration, got " + value);
    }
  }
}
