package dev.homeshelves.shelves;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value types a shelf parameter can have, with their text form for overrides. */
public enum ParamType {
  INTEGER(Integer.class, "an integer, e.g. 20"),
  DECIMAL(Double.class, "a decimal number, e.g. 0.5"),
  BOOLEAN(Boolean.class, "true or false"),
  STRING(String.class, "any text"),
  DURATION(Duration.class, "a duration: 30s, 15m, 12h, 28d or ISO-8601 such as PT12H");

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Class<?> javaType;
  private final String expected;

  ParamType(Class<?> javaType, String expected) {
    this.javaType = javaType;
    this.expected = expected;
  }

  /** The Java class of values of this type. */
  public Class<?> javaType() {
    return javaType;
  }

  /** What a valid text looks like, for error messages and listings. */
  public String expected() {
    return expected;
  }

  /** Parses {@code raw}; throws IllegalArgumentException saying what was expected. */
  Object parse(String raw) {
    String text = raw.strip();
    try {
      return switch (this) {
        case INTEGER -> Integer.parseInt(text);
        case DECIMAL -> parseDecimal(text);
        case BOOLEAN -> parseBoolean(text);
        case STRING -> raw;
        case DURATION -> parseDuration(text);
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("expected " + expected + ", got '" + raw + "'");
    }
  }

  /** The text form of {@code value}, which {@link #parse} reads back. */
  String format(Object value) {
    if (value instanceof Duration d) {
      return formatDuration(d);
    }
    return String.valueOf(value);
  }

  private static double parseDecimal(String text) {
    double v = Double.parseDouble(text);
    if (!Double.isFinite(v)) {
      throw new NumberFormatException(text);
    }
    return v;
  }

  private Boolean parseBoolean(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new NumberFormatException(text);
    };
  }

  /** A duration as parameters (and application.yml) write them: 250ms, 30s, 15m, 12h, 28d or ISO-8601. */
  public static Duration parseDuration(String text) {
    Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    return Duration.parse(text.toUpperCase(Locale.ROOT));
  }

  private static String formatDuration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toMillis() % 86_400_000L == 0) {
      return d.toDays() + "d";
    }
    if (d.toMillis() % 3_600_000L == 0) {
      return d.toHours() + "h";
    }
    if (d.toMillis() % 60_000L == 0) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000L == 0) {
      return d.toSeconds() + "s";
    }
    return d.toString();
  }
}
