package dev.homeshelves.loadtest.load;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Runs a warm-up (discarded) and then a measured open-loop run, showing progress on a stream
 * (stderr) so stdout stays clean for the result.
 */
public final class Measurement {
  private final PrintWriter progressOut;

  public Measurement(PrintWriter progressOut) {
    this.progressOut = progressOut;
  }

  /**
   * Share of the measured rate at each warm-up step. A cold JVM (client and server interpret
   * gRPC, Netty and protobuf for the first thousands of calls) cannot hold the full rate: sent
   * at once it builds a backlog of thousands of calls, runs into deadlines and takes 10 s or more
   * to recover, which then spilled into the measured run. Ramping up lets the JIT compile the
   * hot paths at rates the cold code still holds; the second half of the warm-up runs at the full
   * rate so the C2-compiled code (thousands of calls per method) is in place before measuring.
   */
  static final double[] WARMUP_STEPS = {0.1, 0.25, 0.5, 1.0, 1.0, 1.0};

  /** Pause between runs so the previous run's last answers and its garbage do not overlap. */
  static final Duration SETTLE = Duration.ofMillis(500);

  /**
   * Warms up for {@code warmup} with a ramp up to the measured rate (equal time at each of
   * {@link #WARMUP_STEPS}), then measures.
   */
  public RunResult warmUpAndMeasure(
      String name, AsyncRequest request, OpenLoopGenerator.Settings settings, Duration warmup)
      throws InterruptedException {
    if (!warmup.isZero() && !warmup.isNegative()) {
      note(String.format("%s: warming up for %.1f s, ramping to %,.0f/s (not measured)",
          name, warmup.toMillis() / 1000.0, settings.rate()));
      Duration step = warmup.dividedBy(WARMUP_STEPS.length);
      if (step.isZero()) {
        step = warmup;
      }
      for (double share : WARMUP_STEPS) {
        RunResult warm = generator(name + " warmup").run(new OpenLoopGenerator.Settings(
            Math.max(1, settings.rate() * share), step, settings.drainTimeout()), request);
        if (warm.unanswered() > 0) {
          note(String.format("%s warmup: %,d calls still unanswered at %,.0f/s",
              name, warm.unanswered(), warm.targetRate()));
        }
      }
    }
    return measure(name, request, settings);
  }

  /** One measured run. */
  public RunResult measure(String name, AsyncRequest request, OpenLoopGenerator.Settings settings)
      throws InterruptedException {
    Thread.sleep(SETTLE.toMillis());
    note(String.format("%s: measuring for %.1f s at %,.0f/s",
        name, settings.duration().toMillis() / 1000.0, settings.rate()));
    return generator(name).run(settings, request);
  }

  /** A line of progress that is not from a run. */
  public void note(String line) {
    progressOut.println(line);
    progressOut.flush();
  }

  private OpenLoopGenerator generator(String name) {
    return new OpenLoopGenerator(p -> note(name + p.line()));
  }
}
