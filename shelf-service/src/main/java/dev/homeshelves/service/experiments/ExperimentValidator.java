package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.api.v1.Variant;
import dev.homeshelves.service.InvalidArgumentException;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.RegisteredShelf;
import dev.homeshelves.shelves.ShelfFunctions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an experiment before it is stored: ids and names well-formed, allocation in [0, 1],
 * weights positive, and every function id, parameter name and value known to the shelf
 * registry. Every broken rule is reported at once, as {@link InvalidArgumentException}: one
 * broken rule names its field's path inside the experiment ({@code variants[1].weight}); several
 * are listed one per line, each with its path, so a file is fixed in one round.
 */
public final class ExperimentValidator {

  private static final Pattern EXPERIMENT_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
  private static final Pattern VARIANT_NAME = Pattern.compile("[a-z0-9_-]{1,64}");
  private static final int MAX_SALT_LENGTH = 128;
  private static final int MAX_VARIANTS = 100;
  private static final int MAX_TITLE_LENGTH = 200;

  private final ShelfFunctions functions;

  /** Validates against the shelf functions of this registry. */
  public ExperimentValidator(ShelfFunctions functions) {
    this.functions = functions;
  }

  /** One broken rule: the field's path and what is wrong. */
  public record Violation(String field, String rule) {
    @Override
    public String toString() {
      return field + ": " + rule;
    }
  }

  /** Returns the experiment when valid; otherwise throws listing every offending field. */
  public Experiment validate(Experiment experiment) {
    List<Violation> violations = violations(experiment);
    if (violations.size() == 1) {
      throw new InvalidArgumentException(violations.get(0).field(), violations.get(0).rule());
    }
    if (!violations.isEmpty()) {
      StringBuilder rules = new StringBuilder(violations.size() + " problems:");
      violations.forEach(v -> rules.append('\n').append(v));
      // The field of the exception is the experiment itself; the lines name each field.
      throw new InvalidArgumentException("experiment", rules.toString());
    }
    return experiment;
  }

  /** Every broken rule of {@code experiment}, in field order; empty when it is valid. */
  public List<Violation> violations(Experiment experiment) {
    List<Violation> out = new ArrayList<>();
    if (!EXPERIMENT_ID.matcher(experiment.getId()).matches()) {
      out.add(new Violation(
          "id", "must be 1 to 64 characters of [a-z0-9-] starting with a letter, got \"" + experiment.getId() + "\""));
    }
    if (experiment.getSalt().isBlank()) {
      out.add(new Violation("salt", "is required"));
    } else if (experiment.getSalt().length() > MAX_SALT_LENGTH) {
      out.add(new Violation("salt", "must be at most " + MAX_SALT_LENGTH + " characters"));
    }
    double allocation = experiment.getAllocation();
    if (!(allocation >= 0.0 && allocation <= 1.0)) {
      out.add(new Violation("allocation", "must be between 0.0 and 1.0, got " + allocation));
    }
    List<Variant> variants = experiment.getVariantsList();
    if (variants.isEmpty()) {
      out.add(new Violation("variants", "at least one variant is required"));
    } else if (variants.size() > MAX_VARIANTS) {
      out.add(new Violation("variants", "at most " + MAX_VARIANTS + " variants, got " + variants.size()));
    } else {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < variants.size(); i++) {
        validateVariant(variants.get(i), "variants[" + i + "]", names, out);
      }
    }
    return out;
  }

  private void validateVariant(Variant variant, String path, Set<String> names, List<Violation> out) {
    if (!VARIANT_NAME.matcher(variant.getName()).matches()) {
      out.add(new Violation(
          path + ".name", "must be 1 to 64 characters of [a-z0-9_-], got \"" + variant.getName() + "\""));
    } else if (!names.add(variant.getName())) {
      out.add(new Violation(path + ".name", "\"" + variant.getName() + "\" is used by another variant"));
    }
    if (variant.getWeight() <= 0) {
      out.add(new Violation(path + ".weight", "must be positive, got " + variant.getWeight()));
    }
    for (Map.Entry<String, FunctionOverride> entry : variant.getFunctionsMap().entrySet().stream()
        .sorted(Map.Entry.comparingByKey()).toList()) {
      String functionPath = path + ".functions[\"" + entry.getKey() + "\"]";
      knownFunction(entry.getKey(), functionPath, out).ifPresent(shelf -> entry.getValue().getParamsMap().entrySet()
          .stream().sorted(Map.Entry.comparingByKey())
          .forEach(param -> validateParam(shelf, param.getKey(), param.getValue(),
              functionPath + ".params[\"" + param.getKey() + "\"]", out)));
    }
    Set<String> ordered = new HashSet<>();
    for (int i = 0; i < variant.getShelfOrderCount(); i++) {
      String functionId = variant.getShelfOrder(i);
      String orderPath = path + ".shelf_order[" + i + "]";
      if (knownFunction(functionId, orderPath, out).isPresent() && !ordered.add(functionId)) {
        out.add(new Violation(orderPath, "\"" + functionId + "\" is listed twice"));
      }
    }
    for (Map.Entry<String, String> title : variant.getTitlesMap().entrySet().stream()
        .sorted(Map.Entry.comparingByKey()).toList()) {
      String titlePath = path + ".titles[\"" + title.getKey() + "\"]";
      knownFunction(title.getKey(), titlePath, out);
      if (title.getValue().isBlank() || title.getValue().length() > MAX_TITLE_LENGTH) {
        out.add(new Violation(titlePath, "must be 1 to " + MAX_TITLE_LENGTH + " characters, not blank"));
      }
    }
  }

  private Optional<RegisteredShelf> knownFunction(String functionId, String path, List<Violation> out) {
    Optional<RegisteredShelf> shelf = functions.get(functionId);
    if (shelf.isEmpty()) {
      out.add(new Violation(
          path, "unknown shelf function \"" + functionId + "\"; known: " + String.join(", ", functions.ids())));
    }
    return shelf;
  }

  private static void validateParam(RegisteredShelf shelf, String name, String value, String path, List<Violation> out) {
    List<String> declared = shelf.params().stream().map(Param::name).toList();
    if (!declared.contains(name)) {
      out.add(new Violation(path, "unknown parameter of \"" + shelf.id() + "\"; known: "
          + (declared.isEmpty() ? "none" : String.join(", ", declared))));
      return;
    }
    try {
      shelf.parseParams(Map.of(name, value));
    } catch (IllegalArgumentException e) {
      out.add(new Violation(path, "invalid value \"" + value + "\": " + e.getMessage()));
    }
  }
}
