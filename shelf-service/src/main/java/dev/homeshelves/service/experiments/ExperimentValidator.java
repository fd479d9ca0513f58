package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.api.v1.Variant;
import dev.homeshelves.service.InvalidArgumentException;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.RegisteredShelf;
import dev.homeshelves.shelves.ShelfFunctions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an experiment before it is stored: ids and names well-formed, allocation in [0, 1],
 * weights positive, and every function id, parameter name and value known to the shelf
 * registry. The first broken rule is reported as {@link InvalidArgumentException} with the
 * field's path inside the experiment ({@code variants[1].weight}).
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

  /** Returns the experiment when valid; otherwise throws naming the first offending field. */
  public Experiment validate(Experiment experiment) {
    if (!EXPERIMENT_ID.matcher(experiment.getId()).matches()) {
      throw new InvalidArgumentException(
          "id", "must be 1 to 64 characters of [a-z0-9-] starting with a letter, got \"" + experiment.getId() + "\"");
    }
    if (experiment.getSalt().isBlank()) {
      throw new InvalidArgumentException("salt", "is required");
    }
    if (experiment.getSalt().length() > MAX_SALT_LENGTH) {
      throw new InvalidArgumentException("salt", "must be at most " + MAX_SALT_LENGTH + " characters");
    }
    double allocation = experiment.getAllocation();
    if (!(allocation >= 0.0 && allocation <= 1.0)) {
      throw new InvalidArgumentException("allocation", "must be between 0.0 and 1.0, got " + allocation);
    }
    List<Variant> variants = experiment.getVariantsList();
    if (variants.isEmpty()) {
      throw new InvalidArgumentException("variants", "at least one variant is required");
    }
    if (variants.size() > MAX_VARIANTS) {
      throw new InvalidArgumentException("variants", "at most " + MAX_VARIANTS + " variants, got " + variants.size());
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < variants.size(); i++) {
      validateVariant(variants.get(i), "variants[" + i + "]", names);
    }
    return experiment;
  }

  private void validateVariant(Variant variant, String path, Set<String> names) {
    if (!VARIANT_NAME.matcher(variant.getName()).matches()) {
      throw new InvalidArgumentException(
          path + ".name", "must be 1 to 64 characters of [a-z0-9_-], got \"" + variant.getName() + "\"");
    }
    if (!names.add(variant.getName())) {
      throw new InvalidArgumentException(path + ".name", "\"" + variant.getName() + "\" is used by another variant");
    }
    if (variant.getWeight() <= 0) {
      throw new InvalidArgumentException(path + ".weight", "must be positive, got " + variant.getWeight());
    }
    for (Map.Entry<String, FunctionOverride> entry : variant.getFunctionsMap().entrySet()) {
      String functionPath = path + ".functions[\"" + entry.getKey() + "\"]";
      RegisteredShelf shelf = knownFunction(entry.getKey(), functionPath);
      for (Map.Entry<String, String> param : entry.getValue().getParamsMap().entrySet()) {
        validateParam(shelf, param.getKey(), param.getValue(), functionPath + ".params[\"" + param.getKey() + "\"]");
      }
    }
    Set<String> ordered = new HashSet<>();
    for (int i = 0; i < variant.getShelfOrderCount(); i++) {
      String functionId = variant.getShelfOrder(i);
      String orderPath = path + ".shelf_order[" + i + "]";
      knownFunction(functionId, orderPath);
      if (!ordered.add(functionId)) {
        throw new InvalidArgumentException(orderPath, "\"" + functionId + "\" is listed twice");
      }
    }
    for (Map.Entry<String, String> title : variant.getTitlesMap().entrySet()) {
      String titlePath = path + ".titles[\"" + title.getKey() + "\"]";
      knownFunction(title.getKey(), titlePath);
      if (title.getValue().isBlank() || title.getValue().length() > MAX_TITLE_LENGTH) {
        throw new InvalidArgumentException(titlePath, "must be 1 to " + MAX_TITLE_LENGTH + " characters, not blank");
      }
    }
  }

  private RegisteredShelf knownFunction(String functionId, String path) {
    return functions.get(functionId).orElseThrow(() -> new InvalidArgumentException(
        path, "unknown shelf function \"" + functionId + "\"; known: " + String.join(", ", functions.ids())));
  }

  private static void validateParam(RegisteredShelf shelf, String name, String value, String path) {
    List<String> declared = shelf.params().stream().map(Param::name).toList();
    if (!declared.contains(name)) {
      throw new InvalidArgumentException(path, "unknown parameter of \"" + shelf.id() + "\"; known: "
          + (declared.isEmpty() ? "none" : String.join(", ", declared)));
    }
    try {
      shelf.parseParams(Map.of(name, value));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(path, "invalid value \"" + value + "\": " + e.getMessage());
    }
  }
}
