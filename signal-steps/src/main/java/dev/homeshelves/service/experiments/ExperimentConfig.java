package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.api.v1.KillSwitch;
import dev.homeshelves.api.v1.Variant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent version of the live configuration: the experiments and the kill switches.
 * Immutable; replicas swap a whole new one in when the {@code config} table changes.
 *
 * <p>How several experiments combine: each assigns the user independently (its own salt). Their
 * variants' settings are merged key by key (a function's on/off, each parameter of a function,
 * a shelf title, the shelf order as a whole); when two experiments set the same key, the
 * experiment whose id sorts first (plain string order) wins. A kill switch beats every
 * experiment.
 *
 * @param experiments the experiments, ordered by id
 * @param killSwitches function id to its kill switch, only killed functions
 */
public record ExperimentConfig(List<Experiment> experiments, Map<String, KillSwitch> killSwitches) {

  /** The configuration with no experiments and no kill switches. */
  public static final ExperimentConfig EMPTY = new ExperimentConfig(List.of(), Map.of());

  /** Orders the experiments by id and keeps only kill switches that are on. */
  public ExperimentConfig {
    experiments = experiments.stream().sorted(Comparator.comparing(Experiment::getId)).toList();
    Map<String, KillSwitch> killed = new HashMap<>();
    killSwitches.forEach((id, kill) -> {
      if (kill.getKilled()) {
        killed.put(id, kill);
      }
    });
    killSwitches = Map.copyOf(killed);
  }

  /** The experiment with this id, if any. */
  public Optional<Experiment> experiment(String id) {
    return experiments.stream().filter(e -> e.getId().equals(id)).findFirst();
  }

  /** True when the function's kill switch is on. */
  public boolean isKilled(String functionId) {
    return killSwitches.containsKey(functionId);
  }

  /** The user's assignments, ordered by experiment id. */
  public List<Assignment> assignmentsOf(String userId) {
    List<Assignment> assignments = new ArrayList<>();
    for (Experiment experiment : experiments) {
      ExperimentAssigner.variantOf(experiment, userId)
          .ifPresent(variant -> assignments.add(new Assignment(experiment.getId(), variant.getName())));
    }
    return assignments;
  }

  /**
   * The treatment of the default Home (new users, outages): the kill switches only. It is no
   * user's Home, so no experiment assigns it a variant.
   */
  public Treatment defaultHomeTreatment() {
    return new ExperimentConfig(List.of(), killSwitches).treatmentFor("");
  }

  /** What this user's Home looks like under every experiment they are in and the kill switches. */
  public Treatment treatmentFor(String userId) {
    List<Assignment> assignments = new ArrayList<>();
    Map<String, String> disabled = new HashMap<>();
    Map<String, Boolean> enabledDecided = new HashMap<>();
    Map<String, Map<String, String>> params = new HashMap<>();
    Map<String, List<String>> labels = new HashMap<>();
    List<String> shelfOrder = List.of();
    Map<String, String> titles = new HashMap<>();

    // Experiments are visited in id order; putIfAbsent makes the first writer of a key win.
    for (Experiment experiment : experiments) {
      Optional<Variant> assigned = ExperimentAssigner.variantOf(experiment, userId);
      if (assigned.isEmpty()) {
        continue;
      }
      Variant variant = assigned.get();
      Assignment assignment = new Assignment(experiment.getId(), variant.getName());
      assignments.add(assignment);
      for (Map.Entry<String, FunctionOverride> entry : variant.getFunctionsMap().entrySet()) {
        String functionId = entry.getKey();
        FunctionOverride override = entry.getValue();
        boolean contributed = false;
        if (override.hasEnabled() && enabledDecided.putIfAbsent(functionId, override.getEnabled()) == null) {
          contributed = true;
          if (!override.getEnabled()) {
            disabled.put(functionId, "disabled by " + assignment.label());
          }
        }
        for (Map.Entry<String, String> param : override.getParamsMap().entrySet()) {
          if (params.computeIfAbsent(functionId, id -> new LinkedHashMap<>())
                  .putIfAbsent(param.getKey(), param.getValue()) == null) {
            contributed = true;
          }
        }
        if (contributed) {
          labels.computeIfAbsent(functionId, id -> new ArrayList<>()).add(assignment.label());
        }
      }
      if (shelfOrder.isEmpty() && !variant.getShelfOrderList().isEmpty()) {
        shelfOrder = variant.getShelfOrderList();
      }
      variant.getTitlesMap().forEach(titles::putIfAbsent);
    }
    killSwitches.keySet().forEach(functionId -> disabled.put(functionId, "killed"));

    Map<String, String> variantLabels = new HashMap<>();
    labels.forEach((functionId, list) -> variantLabels.put(functionId, String.join(",", list)));
    Map<String, Map<String, String>> frozenParams = new HashMap<>();
    params.forEach((functionId, values) -> frozenParams.put(functionId, Map.copyOf(values)));
    return new Treatment(userId, assignments, disabled, frozenParams, variantLabels, shelfOrder, titles);
  }
}
