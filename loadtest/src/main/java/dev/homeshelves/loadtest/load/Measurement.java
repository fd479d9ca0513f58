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

  /** Warms up for {@code warmup} at the measured rate, then measures. */
  public RunResult warmUpAndMeasure(
      String name, AsyncRequest request, OpenLoopGenerator.Settings settings, Duration warmup)
      throws InterruptedException {
    if (!warmup.isZero() && !warmup.isNegative()) {
      note(String.format("%s: warming up for %.1f s at %,.0f/s (not measured)",
          name, warmup.toMillis() / 1000.0, settings.rate()));
      generator(name + " warmup").run(
          new OpenLoopGenerator.Settings(settings.rate(), warmup, settings.drainTimeout()), request);
    }
    return measure(name, request, settings);
  }

  /** One measured run. */
  public RunResult measure(String name, AsyncRequest request, OpenLoopGenerator.Settings settings)
      throws InterruptedException {
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
