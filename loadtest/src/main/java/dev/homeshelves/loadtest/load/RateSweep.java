package dev.homeshelves.loadtest.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest arrival rate a target holds with p99 at or under a limit: rates grow by a
 * factor until a step fails, then a few bisection steps narrow the gap. A step fails on any
 * error, on p99 over the limit, or when the generator could not hold the rate.
 */
public final class RateSweep {

  /** How to sweep. */
  public record Settings(
      double startRate, double factor, double maxRate, Duration stepDuration,
      double p99LimitMillis, int bisections) {
    public Settings {
      if (!(startRate > 0) || !(factor > 1) || maxRate < startRate) {
        throw new IllegalArgumentException("sweep needs start > 0, factor > 1, max >= start; was "
            + startRate + ", " + factor + ", " + maxRate);
      }
    }
  }

  /** One step of a sweep. */
  public record Step(double rate, boolean passed, RunSummary run) {}

  /** A sweep's steps and the highest rate that passed (0 when none did). */
  public record Result(String name, double p99LimitMillis, double highestPassingRate, List<Step> steps) {}

  /** Lowest rate a sweep steps down to when its start rate fails. */
  static final double MIN_RATE = 20;

  private final Measurement measurement;
  private final Settings settings;
  private final Duration deadline;

  public RateSweep(Measurement measurement, Settings settings, Duration deadline) {
    this.measurement = measurement;
    this.settings = settings;
    this.deadline = deadline;
  }

  /** Sweeps {@code request} (already warmed up). */
  public Result run(String name, AsyncRequest request) throws InterruptedException {
    List<Step> steps = new ArrayList<>();
    double good = 0;
    double bad = 0;
    for (double rate = settings.startRate(); rate <= settings.maxRate(); rate *= settings.factor()) {
      Step step = step(name, request, rate);
      steps.add(step);
      if (!step.passed()) {
        bad = step.rate();
        break;
      }
      good = step.rate();
    }
    // The start rate already failed: step down until a rate passes (or the floor), so a loaded
    // machine still gets a figure instead of 0.
    for (double rate = settings.startRate() / settings.factor();
        good == 0 && rate >= MIN_RATE; rate /= settings.factor()) {
      Step step = step(name, request, rate);
      steps.add(step);
      if (step.passed()) {
        good = step.rate();
      } else {
        bad = step.rate();
      }
    }
    for (int i = 0; i < settings.bisections() && good > 0 && bad > 0; i++) {
      double mid = roundRate((good + bad) / 2);
      if (mid <= good || mid >= bad) {
        break;
      }
      Step step = step(name, request, mid);
      steps.add(step);
      if (step.passed()) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    return new Result(name, settings.p99LimitMillis(), good, steps);
  }

  private Step step(String name, AsyncRequest request, double rate) throws InterruptedException {
    double target = roundRate(rate);
    RunResult result = measurement.measure(name + " sweep",
        request, new OpenLoopGenerator.Settings(target, settings.stepDuration(), deadline.plusSeconds(1)));
    RunSummary summary = RunSummary.of(name, result);
    boolean passed = summary.clean()
        && summary.p99Ms() <= settings.p99LimitMillis()
        && summary.achievedRate() >= 0.97 * target;
    measurement.note(String.format("%s sweep: %,.0f/s p99 %.3f ms -> %s",
        name, target, summary.p99Ms(), passed ? "pass" : "fail"));
    return new Step(target, passed, summary);
  }

  private static double roundRate(double rate) {
    return rate >= 500 ? Math.round(rate / 50.0) * 50.0 : Math.max(1, Math.round(rate));
  }
}
