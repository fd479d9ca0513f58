package dev.homeshelves.service.signals;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Bounds on what one signal may be (application.yml {@code home-shelves.signal-limits}): past
 * them a message is dead-lettered with a reason instead of being decoded, stored or counted.
 */
@ConfigurationProperties("home-shelves.signal-limits")
public record SignalLimits(
    @Bindable(defaultValue = "16384") int maxMessageBytes,
    @Bindable(defaultValue = "1024") int maxContextBytes,
    @Bindable(defaultValue = "7d") Duration maxAge) {

  public SignalLimits {
    PubSubSettings.require(maxMessageBytes >= 256, "signal-limits.max-message-bytes",
        "must be at least 256 (a UserSignal with long ids needs about that)");
    PubSubSettings.require(maxContextBytes >= 0 && maxContextBytes < maxMessageBytes,
        "signal-limits.max-context-bytes", "must be between 0 and max-message-bytes");
    PubSubSettings.require(maxAge.compareTo(Duration.ofMinutes(1)) >= 0, "signal-limits.max-age",
        "must be at least 1m");
  }
}
