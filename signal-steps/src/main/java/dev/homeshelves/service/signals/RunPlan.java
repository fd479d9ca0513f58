package dev.homeshelves.service.signals;

import dev.homeshelves.service.experiments.ExperimentConfig;
import dev.homeshelves.service.experiments.ShelfPlanner;
import dev.homeshelves.service.experiments.Treatment;
import dev.homeshelves.service.signals.FunctionRunner.Run;
import dev.homeshelves.shelves.ParamValues;
import dev.homeshelves.shelves.ShelfFunctions;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which shelf functions a recompute runs, with which parameter values and variant label: for
 * a user (their experiment variants) and for the default Home, which belongs to no user.
 */
public interface RunPlan {

  List<Run> forUser(String userId);

  List<Run> forDefaultHome();

  /**
   * The experiments hook: the functions neither killed nor turned off by the variants, with
   * the variants' parameter values and labels. The default Home gets the kill switches only.
   *
   * @param config the configuration in force (the worker's live copy, the pipeline's snapshot)
   */
  static RunPlan fromExperiments(ShelfPlanner planner, Supplier<ExperimentConfig> config) {
    return new RunPlan() {
      @Override
      public List<Run> forUser(String userId) {
        return runs(config.get().treatmentFor(userId));
      }

      @Override
      public List<Run> forDefaultHome() {
        return runs(config.get().defaultHomeTreatment());
      }

      private List<Run> runs(Treatment treatment) {
        return planner.plan(treatment).shelves().stream()
            .map(p -> new Run(p.shelf(), p.params(), p.variant()))
            .toList();
      }
    };
  }

  /** Every function with its default parameters, for users and the default Home alike. */
  static RunPlan allWithDefaults(ShelfFunctions functions) {
    var runs = functions.all().stream()
        .map(f -> new Run(f, ParamValues.defaults(), ""))
        .toList();
    return new RunPlan() {
      @Override
      public List<Run> forUser(String userId) {
        return runs;
      }

      @Override
      public List<Run> forDefaultHome() {
        return runs;
      }
    };
  }
}
