package dev.homeshelves.service.experiments;

import dev.homeshelves.shelves.InvalidParamException;
import dev.homeshelves.shelves.ParamValues;
import dev.homeshelves.shelves.RegisteredShelf;
import dev.homeshelves.shelves.ShelfFunctions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook the worker's recompute calls: which shelf functions to run for a user and with which
 * parameters, under the user's {@link Treatment}. Killed functions and functions a variant turns
 * off are left out (so they are not computed); the others get the variant's parameter values and
 * the variant label for {@code Shelf.variant}.
 *
 * <p>Use: {@code planner.plan(liveExperiments.treatmentFor(userId))}, then for each planned shelf
 * {@code shelf.shelf().compute(ctx, shelf.params())}.
 */
public final class ShelfPlanner {

  private static final Logger LOG = LoggerFactory.getLogger(ShelfPlanner.class);

  private final ShelfFunctions functions;
  private final InvalidParams invalidParams;

  /** Where stored parameters that no longer parse are counted (the service's meter, the pipeline's counter). */
  public interface InvalidParams {
    void counted(String functionId);
  }

  /** Plans over every function of this registry. */
  public ShelfPlanner(ShelfFunctions functions, InvalidParams invalidParams) {
    this.functions = functions;
    this.invalidParams = invalidParams;
  }

  /** The shelves to compute for the treatment's user, in registry (id) order. */
  public Plan plan(Treatment treatment) {
    List<PlannedShelf> planned = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (RegisteredShelf shelf : functions.all()) {
      if (!treatment.isEnabled(shelf.id())) {
        skipped.add(shelf.id());
        continue;
      }
      planned.add(withParams(shelf, treatment));
    }
    return new Plan(treatment, planned, skipped);
  }

  private PlannedShelf withParams(RegisteredShelf shelf, Treatment treatment) {
    try {
      return new PlannedShelf(shelf, shelf.parseParams(treatment.paramsFor(shelf.id())), treatment.variantLabel(shelf.id()));
    } catch (InvalidParamException e) {
      // Validated on write, so this means the function changed since the experiment was stored
      // (a parameter removed or narrowed). Fail open: the shelf is computed with its defaults.
      invalidParams.counted(shelf.id());
      LOG.warn("experiment parameters for {} no longer valid, computing with defaults: {}", shelf.id(), e.getMessage());
      return new PlannedShelf(shelf, ParamValues.defaults(), "");
    }
  }

  /**
   * What to compute for one user.
   *
   * @param treatment the user's treatment the plan was made from
   * @param shelves the functions to run, each with its parameter values
   * @param skipped ids of the functions not to run (killed or turned off by a variant)
   */
  public record Plan(Treatment treatment, List<PlannedShelf> shelves, List<String> skipped) {

    /** Copies the lists. */
    public Plan {
      shelves = List.copyOf(shelves);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * One function to run: with these parameter values, labelled with this variant.
   *
   * @param variant the value for {@code Shelf.variant}; empty when the defaults apply
   */
  public record PlannedShelf(RegisteredShelf shelf, ParamValues params, String variant) {}
}
