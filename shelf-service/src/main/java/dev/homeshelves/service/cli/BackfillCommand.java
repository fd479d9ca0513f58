package dev.homeshelves.service.cli;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.common.util.concurrent.RateLimiter;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.experiments.ShelfPlanner;
import dev.homeshelves.service.signals.Backfill;
import dev.homeshelves.service.signals.FunctionRunner;
import dev.homeshelves.service.signals.ModelSettings;
import dev.homeshelves.service.signals.RunPlan;
import dev.homeshelves.service.signals.ShelfRecomputer;
import dev.homeshelves.service.signals.TrendingCache;
import dev.homeshelves.service.signals.WorkerMetrics;
import dev.homeshelves.service.signals.WorkerSettings;
import dev.homeshelves.service.store.TrendingStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code home-shelves backfill}: recomputes the Homes of all users (or listed ones), resumably. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Recomputes users' shelves with the current shelf functions and model (after a new function or new vectors):",
      "all users with plays or follows, or those listed in --users. Rate-limited, with progress, and resumable:",
      "the checkpoint file records what is done, and a rerun with the same --checkpoint continues after it."
    })
final class BackfillCommand implements Callable<Integer> {

  @Option(names = "--users", paramLabel = "FILE", description = "One user id per line (default: every user in Bigtable).")
  Path users;

  @Option(names = "--rate", defaultValue = "100", description = "Users per second at most (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--threads", defaultValue = "4", description = "Users recomputed in parallel (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--checkpoint", paramLabel = "FILE", defaultValue = "backfill.checkpoint",
      description = "Progress file; delete it to start over (default: ${DEFAULT-VALUE}).")
  Path checkpoint;

  @Option(names = "--catalog", paramLabel = "FILE", description = "Catalog in the songs.tsv layout (default: home-shelves.model.catalog).")
  Path catalog;

  @Option(names = "--vectors", paramLabel = "FILE", description = "word2vec vectors with sidecars (default: home-shelves.model.vectors).")
  Path vectors;

  @Override
  public Integer call() throws Exception {
    if (rate <= 0 || threads < 1) {
      System.err.println("backfill: --rate must be > 0 and --threads >= 1");
      return 2;
    }
    try (ApplicationContext context = ToolContext.start()) {
      var settings = context.getBean(WorkerSettings.class);
      var modelSettings = context.getBean(ModelSettings.class);
      var model = new ModelSettings(
          catalog != null ? catalog.toString() : modelSettings.catalog(),
          vectors != null ? vectors.toString() : modelSettings.vectors()).load();
      var bigtable = context.getBean(BigtableDataClient.class);
      var clock = Clock.systemUTC();
      var metrics = new WorkerMetrics(new SimpleMeterRegistry());
      var trending = new TrendingCache(new TrendingStore(bigtable, settings.trendingBucket()), settings.trendingWindow(), clock);
      trending.refresh();
      try (var runner = new FunctionRunner(threads * 4, settings.functionBudget(), metrics)) {
        var recomputer = ShelfRecomputer.overBigtable(bigtable, settings, trending, model,
            RunPlan.fromExperiments(context.getBean(ShelfPlanner.class), context.getBean(LiveExperiments.class)),
            runner, metrics, clock);
        var backfill = new Backfill(bigtable, recomputer, RateLimiter.create(rate), threads, checkpoint, System.out);
        var result = users == null ? backfill.allUsers() : backfill.listed(users);
        recomputer.refreshDefaultHome();
        System.out.printf("backfill: done, %d users recomputed, %d failed, default Home refreshed%n",
            result.done(), result.failed());
        return result.failed() == 0 ? 0 : 1;
      }
    } catch (IllegalArgumentException e) {
      System.err.println("backfill: " + e.getMessage());
      return 2;
    }
  }
}
