package dev.homeshelves.shelves;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameter values one shelf runs with for one user: its variant's validated overrides,
 * the declared defaults for everything else.
 */
public final class ParamValues {
  private static final ParamValues DEFAULTS = new ParamValues(Map.of(), Map.of());

  private final Map<String, Object> overrides;
  private final Map<String, String> overridesAsText;

  private ParamValues(Map<String, Object> overrides, Map<String, String> overridesAsText) {
    this.overrides = overrides;
    this.overridesAsText = overridesAsText;
  }

  /** No overrides: every parameter has its default. */
  public static ParamValues defaults() {
    return DEFAULTS;
  }

  /**
   * Validates text overrides against the declared parameters of shelf {@code shelfId}: unknown
   * names, wrong types and out-of-bounds values fail with an {@link InvalidParamException}.
   */
  public static ParamValues parse(String shelfId, List<Param<?>> declared, Map<String, String> raw) {
    Map<String, Param<?>> byName = new LinkedHashMap<>();
    declared.forEach(p -> byName.put(p.name(), p));
    Map<String, Object> values = new TreeMap<>();
    Map<String, String> text = new TreeMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      Param<?> p = byName.get(e.getKey());
      if (p == null) {
        throw new InvalidParamException(
            "shelf '" + shelfId + "' has no param '" + e.getKey() + "'; its params are "
                + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
      }
      try {
        values.put(p.name(), p.parse(e.getValue()));
        text.put(p.name(), canonicalText(p, e.getValue()));
      } catch (InvalidParamException ex) {
        throw new InvalidParamException("shelf '" + shelfId + "' " + ex.getMessage());
      }
    }
    return new ParamValues(Map.copyOf(values), Collections.unmodifiableMap(text));
  }

  /** The override as the parameter writes it ("1d" for "24h", "8" for " 8 "). */
  private static <T extends Comparable<? super T>> String canonicalText(Param<T> p, String raw) {
    return p.format(p.parse(raw));
  }

  /** The override of {@code param}, or its default. */
  public <T extends Comparable<? super T>> T get(Param<T> param) {
    Object v = overrides.get(param.name());
    return v == null ? param.defaultValue() : castTo(param, v);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Comparable<? super T>> T castTo(Param<T> param, Object v) {
    return (T) param.type().javaType().cast(v);
  }

  /** The overridden values only, as text, sorted by name (for provenance and explain). */
  public Map<String, String> overridesAsText() {
    return overridesAsText;
  }

  @Override
  public String toString() {
    return overridesAsText().toString();
  }
}
