package dev.homeshelves.pipeline;

import java.time.Duration;
import java.util.regex.Pattern;

/** Durations written as application.yml writes them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}. */
final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  static Duration parse(String option, String text) {
    var m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("--" + option + ": '" + text + "' is not a duration such as 250ms, 30s, 5m, 1h, 7d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
