package dev.homeshelves.loadtest.load;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every open-loop command shares: rate, duration, warm-up, connections. */
public final class LoadOptions {

  @Option(names = "--rate", defaultValue = "2000",
      description = "Requests per second, constant arrival rate (default: ${DEFAULT-VALUE}).")
  public double rate;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to send at --rate, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
  public Duration duration;

  @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
      description = "Load sent first and not measured, so the JIT of client and server has run"
          + " (default: ${DEFAULT-VALUE}; 0s to skip).")
  public Duration warmup;

  @Option(names = "--channels", defaultValue = "2",
      description = "gRPC channels (connections) to spread calls over (default: ${DEFAULT-VALUE}).")
  public int channels;

  @Option(names = "--deadline", defaultValue = "2s", converter = DurationConverter.class,
      description = "Per-call deadline; a slower call counts as DEADLINE_EXCEEDED"
          + " (default: ${DEFAULT-VALUE}).")
  public Duration deadline;

  @Option(names = "--json", description = "Print the result as JSON on stdout.")
  public boolean json;

  /** The measured run's settings. */
  public OpenLoopGenerator.Settings measured() {
    return new OpenLoopGenerator.Settings(rate, duration, drainTimeout());
  }

  /** The settings of a run of {@code length} at {@code atRate}. */
  public OpenLoopGenerator.Settings at(double atRate, Duration length) {
    return new OpenLoopGenerator.Settings(atRate, length, drainTimeout());
  }

  private Duration drainTimeout() {
    return deadline.plusSeconds(1);
  }
}
