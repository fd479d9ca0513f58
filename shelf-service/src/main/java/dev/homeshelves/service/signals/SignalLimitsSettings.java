package dev.homeshelves.service.signals;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/** Binds application.yml {@code home-shelves.signal-limits} to the pure {@link SignalLimits}. */
@ConfigurationProperties("home-shelves.signal-limits")
public record SignalLimitsSettings(
    @Bindable(defaultValue = SignalLimits.DEFAULT_MAX_MESSAGE_BYTES) int maxMessageBytes,
    @Bindable(defaultValue = SignalLimits.DEFAULT_MAX_CONTEXT_BYTES) int maxContextBytes,
    @Bindable(defaultValue = SignalLimits.DEFAULT_MAX_AGE) Duration maxAge) {

  public SignalLimits limits() {
    return new SignalLimits(maxMessageBytes, maxContextBytes, maxAge);
  }
}
