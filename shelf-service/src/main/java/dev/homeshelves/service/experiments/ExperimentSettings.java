package dev.homeshelves.service.experiments;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Settings of live experiments ({@code home-shelves.experiments.*} in application.yml).
 *
 * @param pollInterval how often every replica re-reads the {@code config} table
 * @param readDeadline how long one read (or admin write) of {@code config} may take, retries
 *     included; a change is live everywhere within {@code pollInterval + readDeadline}
 */
@ConfigurationProperties("home-shelves.experiments")
public record ExperimentSettings(Duration pollInterval, Duration readDeadline) {

  /** The bound on how long a change takes to reach every replica. */
  public static final Duration LIVE_BOUND = Duration.ofSeconds(10);

  /** Rejects settings that cannot meet the 10-second live-toggle bound. */
  public ExperimentSettings {
    requirePositive("poll-interval", pollInterval);
    requirePositive("read-deadline", readDeadline);
    if (pollInterval.plus(readDeadline).compareTo(LIVE_BOUND) > 0) {
      throw new IllegalArgumentException("home-shelves.experiments: poll-interval + read-deadline must be at most "
          + LIVE_BOUND.toSeconds() + "s so that changes are live within that bound, got "
          + pollInterval + " + " + readDeadline);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "home-shelves.experiments." + name + " must be a positive duration, got " + value);
    }
  }
}
