package dev.homeshelves.service;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The system clock, injected so that time-dependent code can be tested with a fixed one. */
@Factory
final class ClockFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
