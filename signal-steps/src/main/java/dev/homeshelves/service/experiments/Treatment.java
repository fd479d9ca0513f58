package dev.homeshelves.service.experiments;

import dev.homeshelves.api.v1.ExperimentAssignment;
import dev.homeshelves.api.v1.Shelf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one user's Home looks like under the experiments they are in and the kill switches:
 * which functions are off (and why), the parameters each function runs with, the shelf order
 * and title overrides. Serving applies it to stored shelves; the worker computes with it.
 *
 * @param userId the user
 * @param assignments the user's variants, ordered by experiment id
 * @param disabled function id to why it is off ("killed", or "disabled by exp/variant")
 * @param params function id to its parameter overrides (name to value as text)
 * @param variantLabels function id to the variant(s) whose settings apply to it
 * @param shelfOrder function ids whose shelves come first, in this order
 * @param titles function id to title override ("{title}" stands for the computed title)
 */
public record Treatment(
    String userId,
    List<Assignment> assignments,
    Map<String, String> disabled,
    Map<String, Map<String, String>> params,
    Map<String, String> variantLabels,
    List<String> shelfOrder,
    Map<String, String> titles) {

  /** Copies every collection so a treatment can be shared between threads. */
  public Treatment {
    assignments = List.copyOf(assignments);
    disabled = Map.copyOf(disabled);
    params = Map.copyOf(params);
    variantLabels = Map.copyOf(variantLabels);
    shelfOrder = List.copyOf(shelfOrder);
    titles = Map.copyOf(titles);
  }

  /** True when the worker should compute the function and serving should show its shelf. */
  public boolean isEnabled(String functionId) {
    return !disabled.containsKey(functionId);
  }

  /** Why the function is off for this user, or empty when it is on. */
  public Optional<String> disabledReason(String functionId) {
    return Optional.ofNullable(disabled.get(functionId));
  }

  /** The function's parameter overrides for this user (name to value as text); empty for defaults. */
  public Map<String, String> paramsFor(String functionId) {
    return params.getOrDefault(functionId, Map.of());
  }

  /** The value for {@code Shelf.variant}: the variant(s) that set this function; empty for defaults. */
  public String variantLabel(String functionId) {
    return variantLabels.getOrDefault(functionId, "");
  }

  /** The assignments in their wire form. */
  public List<ExperimentAssignment> assignmentsProto() {
    return assignments.stream().map(Assignment::toProto).toList();
  }

  /**
   * The shelves as this user sees them: shelves of disabled functions removed, shelves named in
   * the variant's order moved first in that order (the rest keep their relative order), titles
   * overridden.
   */
  public List<Shelf> applyTo(List<Shelf> shelves) {
    List<Shelf> visible = new ArrayList<>(shelves.size());
    for (Shelf shelf : shelves) {
      if (!isEnabled(shelf.getFunctionId())) {
        continue;
      }
      String title = titles.get(shelf.getFunctionId());
      visible.add(title == null ? shelf : shelf.toBuilder().setTitle(retitle(title, shelf.getTitle())).build());
    }
    if (!shelfOrder.isEmpty()) {
      // List.sort is stable: shelves not in the order keep their relative positions.
      visible.sort(Comparator.comparingInt(shelf -> orderRank(shelf.getFunctionId())));
    }
    return visible;
  }

  /** The title shown for a shelf whose computed title is {@code computed}. */
  public String titleFor(String functionId, String computed) {
    String title = titles.get(functionId);
    return title == null ? computed : retitle(title, computed);
  }

  private int orderRank(String functionId) {
    int rank = shelfOrder.indexOf(functionId);
    return rank < 0 ? shelfOrder.size() : rank;
  }

  private static String retitle(String override, String computed) {
    return override.replace("{title}", computed);
  }
}
