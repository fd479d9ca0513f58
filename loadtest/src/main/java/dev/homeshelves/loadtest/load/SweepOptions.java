package dev.homeshelves.loadtest.load;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Whether and how to sweep rates for the highest one whose p99 stays within a limit. */
public final class SweepOptions {

  @Option(names = "--sweep", description = "Also sweep rates for the highest with p99 <= limit.")
  public boolean sweep;

  @Option(names = "--sweep-start", defaultValue = "1000",
      description = "First rate of the sweep, per second (default: ${DEFAULT-VALUE}).")
  double sweepStart;

  @Option(names = "--sweep-factor", defaultValue = "1.5",
      description = "Each sweep step's rate is the previous one's times this (default: ${DEFAULT-VALUE}).")
  double sweepFactor;

  @Option(names = "--sweep-max", defaultValue = "30000",
      description = "Highest rate the sweep tries (default: ${DEFAULT-VALUE}).")
  double sweepMax;

  @Option(names = "--step-duration", defaultValue = "5s", converter = DurationConverter.class,
      description = "Length of each sweep step (default: ${DEFAULT-VALUE}).")
  Duration stepDuration;

  @Option(names = "--p99-limit", defaultValue = "10",
      description = "p99 limit of the sweep, ms (default: ${DEFAULT-VALUE}).")
  double p99Limit;

  @Option(names = "--bisections", defaultValue = "2",
      description = "Bisection steps between the last passing and first failing rate"
          + " (default: ${DEFAULT-VALUE}).")
  int bisections;

  /** A sweeper with these settings, reporting through {@code measurement}. */
  public RateSweep sweeper(Measurement measurement, Duration deadline) {
    return new RateSweep(measurement, new RateSweep.Settings(
        sweepStart, sweepFactor, sweepMax, stepDuration, p99Limit, bisections), deadline);
  }
}
