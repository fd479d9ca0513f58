package dev.homeshelves.pipeline;

import dev.homeshelves.shelves.ParamType;
import java.time.Duration;

/** Durations written as application.yml writes them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}. */
final class Durations {

  private Durations() {}

  static Duration parse(String option, String text) {
    try {
      return ParamType.parseDuration(text.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--" + option + ": '" + text + "' is not a duration such as 250ms, 30s, 5m, 1h, 7d");
    }
  }
}
