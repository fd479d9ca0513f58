package dev.homeshelves.service.cli;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.common.util.concurrent.RateLimiter;
import dev.homeshelves.service.signals.Backfill;
import dev.homeshelves.service.signals.ShelfRecomputer;
import dev.homeshelves.service.signals.TrendingCache;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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

  @Inject ShelfRecomputer recomputer;
  @Inject TrendingCache trending;
  @Inject BigtableDataClient bigtable;

  @Override
  public Integer call() throws Exception {
    if (rate <= 0 || threads < 1) {
      System.err.println("backfill: --rate must be > 0 and --threads >= 1");
      return 2;
    }
    Map<String, Object> overrides = new HashMap<>();
    // Functions run side by side for this many users (FunctionRunner sizes its pool from it).
    overrides.put("home-shelves.worker.recompute-threads", threads);
    if (catalog != null) {
      overrides.put("home-shelves.model.catalog", catalog.toString());
    }
    if (vectors != null) {
      overrides.put("home-shelves.model.vectors", vectors.toString());
    }
    try (ApplicationContext context = ToolContext.startWithWorkerBeans(overrides)) {
      context.inject(this);
      trending.refresh();
      var backfill = new Backfill(bigtable, recomputer, RateLimiter.create(rate), threads, checkpoint, System.out);
      var result = users == null ? backfill.allUsers() : backfill.listed(users);
      if (!result.complete()) {
        return 1;
      }
      recomputer.refreshDefaultHome();
      System.out.printf("backfill: done, %d users recomputed, %d failed, default Home refreshed%n",
          result.done(), result.failed());
      return result.failed() == 0 ? 0 : 1;
    } catch (IllegalArgumentException e) {
      System.err.println("backfill: " + e.getMessage());
      return 2;
    } catch (io.micronaut.context.exceptions.BeanContextException e) {
      System.err.println("backfill: " + rootMessage(e));
      return 2;
    }
  }

  static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }
}
