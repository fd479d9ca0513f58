package dev.homeshelves.loadtest.load;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations written as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    Matcher m = SHORT.matcher(value.trim());
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      double millis = switch (m.group(2)) {
        case "ms" -> amount;
        case "s" -> amount * 1_000;
        case "m" -> amount * 60_000;
        default -> amount * 3_600_000;
      };
      return Duration.ofNanos((long) (millis * 1_000_000));
    }
    try {
      return Duration.parse(value.trim());
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration; write e.g. 500ms, 30s, 2m");
    }
  }
}
