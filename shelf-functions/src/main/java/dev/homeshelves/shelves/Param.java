package dev.homeshelves.shelves;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A typed, named parameter of a shelf, declared as a {@code static final} field of the shelf
 * class so experiments can list it and override it per variant:
 * {@code static final Param<Integer> SIZE = Param.integer("size", 20).between(1, 50)}.
 * Immutable; the configuring methods return a new parameter.
 */
public final class Param<T extends Comparable<? super T>> {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  private final String name;
  private final ParamType type;
  private final T defaultValue;
  private final T min;
  private final T max;
  private final String description;

  private Param(String name, ParamType type, T defaultValue, T min, T max, String description) {
    this.name = Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "param name '" + name + "' must be lower-case words joined by '-', e.g. per-artist");
    }
    this.type = type;
    this.defaultValue = Objects.requireNonNull(defaultValue, "default of param " + name);
    this.min = min;
    this.max = max;
    this.description = description;
    if (min != null && max != null && min.compareTo(max) > 0) {
      throw new IllegalArgumentException("param '" + name + "': min " + min + " > max " + max);
    }
    String problem = checkBounds(defaultValue);
    if (problem != null) {
      throw new IllegalArgumentException("param '" + name + "' default " + problem);
    }
  }

  /** An integer parameter. */
  public static Param<Integer> integer(String name, int defaultValue) {
    return new Param<>(name, ParamType.INTEGER, defaultValue, null, null, "");
  }

  /** A decimal parameter. */
  public static Param<Double> decimal(String name, double defaultValue) {
    return new Param<>(name, ParamType.DECIMAL, defaultValue, null, null, "");
  }

  /** A true/false parameter. */
  public static Param<Boolean> flag(String name, boolean defaultValue) {
    return new Param<>(name, ParamType.BOOLEAN, defaultValue, null, null, "");
  }

  /** A text parameter. */
  public static Param<String> text(String name, String defaultValue) {
    return new Param<>(name, ParamType.STRING, defaultValue, null, null, "");
  }

  /** A duration parameter (windows, half-lives). */
  public static Param<Duration> duration(String name, Duration defaultValue) {
    return new Param<>(name, ParamType.DURATION, defaultValue, null, null, "");
  }

  /** The same parameter, accepting only values in {@code [min, max]}. */
  public Param<T> between(T min, T max) {
    return new Param<>(name, type, defaultValue, min, max, description);
  }

  /** The same parameter, accepting only values of at least {@code min}. */
  public Param<T> atLeast(T min) {
    return new Param<>(name, type, defaultValue, min, max, description);
  }

  /** The same parameter with a description for listings. */
  public Param<T> describedAs(String description) {
    return new Param<>(name, type, defaultValue, min, max, description);
  }

  public String name() {
    return name;
  }

  public ParamType type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public Optional<T> min() {
    return Optional.ofNullable(min);
  }

  public Optional<T> max() {
    return Optional.ofNullable(max);
  }

  public String description() {
    return description;
  }

  /** The default in text form, as overrides are written: {@code 28d}, {@code 20}. */
  public String defaultText() {
    return format(defaultValue);
  }

  /** The lower bound in text form, if any. */
  public Optional<String> minText() {
    return min().map(this::format);
  }

  /** The upper bound in text form, if any. */
  public Optional<String> maxText() {
    return max().map(this::format);
  }

  /** The text form of a value, as {@link #parse} reads it (durations as 28d, 12h, ...). */
  public String format(T value) {
    return type.format(value);
  }

  /**
   * Reads an override given as text; throws {@link InvalidParamException} naming this
   * parameter, the expected form and the bounds.
   */
  @SuppressWarnings("unchecked")
  public T parse(String raw) {
    Objects.requireNonNull(raw, "raw value of param " + name);
    T value;
    try {
      value = (T) type.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidParamException("param '" + name + "': " + e.getMessage());
    }
    String problem = checkBounds(value);
    if (problem != null) {
      throw new InvalidParamException("param '" + name + "': " + problem);
    }
    return value;
  }

  private String checkBounds(T value) {
    if (min != null && value.compareTo(min) < 0) {
      return format(value) + " is below the minimum " + format(min);
    }
    if (max != null && value.compareTo(max) > 0) {
      return format(value) + " is above the maximum " + format(max);
    }
    return null;
  }

  @Override
  public String toString() {
    return name + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + ", default "
        + format(defaultValue) + ")";
  }
}
