package dev.homeshelves.service.signals;

import java.time.Duration;

/**
 * Bounds on what one signal may be (application.yml {@code home-shelves.signal-limits}): past
 * them a message is dead-lettered with a reason instead of being decoded, stored or counted.
 */
public record SignalLimits(int maxMessageBytes, int maxContextBytes, Duration maxAge) {

  // The defaults, as strings for the service's @Bindable defaults and the pipeline's options.
  public static final String DEFAULT_MAX_MESSAGE_BYTES = "16384";
  public static final String DEFAULT_MAX_CONTEXT_BYTES = "1024";
  public static final String DEFAULT_MAX_AGE = "7d";

  public SignalLimits {
    require(maxMessageBytes >= 256, "signal-limits.max-message-bytes",
        "must be at least 256 (a UserSignal with long ids needs about that)");
    require(maxContextBytes >= 0 && maxContextBytes < maxMessageBytes,
        "signal-limits.max-context-bytes", "must be between 0 and max-message-bytes");
    require(maxAge.compareTo(Duration.ofMinutes(1)) >= 0, "signal-limits.max-age", "must be at least 1m");
  }

  /** The defaults of application.yml. */
  public static SignalLimits defaults() {
    return new SignalLimits(Integer.parseInt(DEFAULT_MAX_MESSAGE_BYTES),
        Integer.parseInt(DEFAULT_MAX_CONTEXT_BYTES), Duration.ofDays(7));
  }

  private static void require(boolean ok, String setting, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("home-shelves setting " + setting + ": " + rule);
    }
  }
}
