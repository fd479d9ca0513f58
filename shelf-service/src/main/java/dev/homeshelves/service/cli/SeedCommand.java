package dev.homeshelves.service.cli;

import com.google.api.gax.rpc.ApiExceptions;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.demo.Dataset;
import dev.homeshelves.service.demo.DemoListening;
import dev.homeshelves.service.signals.BatchRate;
import dev.homeshelves.service.signals.OrderedParallel;
import dev.homeshelves.service.signals.ShelfRecomputer;
import dev.homeshelves.service.signals.TrendingCache;
import dev.homeshelves.service.signals.WorkerSettings;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.TrendingStore;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code home-shelves seed}: gives N demo users a listening history and computes their Homes
 * with the worker's own code (PlayStore, trending counts, ShelfRecomputer).
 */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Gives users user-0 .. user-(N-1) a plausible listening history from the dataset (user i played playlist i's",
      "tracks over the last four weeks), stores it in Bigtable as the worker does, counts it into trending, then",
      "computes every user's shelves and the default Home with the shelf functions, as the worker does.",
      "Rerunning keeps the histories already stored and recomputes the shelves.",
      "Bigtable comes from the usual settings: GOOGLE_CLOUD_PROJECT, BIGTABLE_INSTANCE, BIGTABLE_EMULATOR_HOST."
    })
final class SeedCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "DIR",
      description = "Dataset directory: catalog.tsv (demo-data output) or songs.tsv, and train.txt (default: the demo "
          + "dataset in env HOME_SHELVES_DEMO_DATA, which bin/home-shelves sets to var/demo; generated there on first use).")
  Path data;

  @Option(names = "--users", defaultValue = "1000", description = "Number of demo users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--vectors", paramLabel = "FILE",
      description = "word2vec vectors with sidecars for the similarity shelves (default: home-shelves.model.vectors, else "
          + "vectors.bin of the demo dataset when --data is not given and bin/run-local trained it; without, those shelves stay empty).")
  Path vectors;

  @Option(names = "--threads", defaultValue = "4", description = "Users seeded in parallel (default: ${DEFAULT-VALUE}).")
  int threads;

  // A batch run has no one waiting, and a function that overruns leaves the user without that
  // shelf (there is no previous one yet), so seed allows more than the worker's budget.
  @Option(names = "--function-budget", paramLabel = "DURATION", defaultValue = "PT2S",
      description = "Time each shelf function may take per user, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration functionBudget;

  @Inject WorkerSettings settings;
  @Inject PlayStore plays;
  @Inject TrendingStore trendingStore;
  @Inject TrendingCache trending;
  @Inject ShelfRecomputer recomputer;

  @Override
  public Integer call() throws Exception {
    if (users < 0 || threads < 1 || functionBudget.toMillis() < 1) {
      System.err.println("seed: --users must not be negative, --threads at least 1, --function-budget at least 1 ms");
      return 2;
    }
    Optional<Path> demoVectors = Optional.empty();
    if (data == null) {
      data = DemoDefaults.ensure("seed");
      demoVectors = DemoDefaults.vectors(data);
    }
    Dataset dataset;
    DemoListening listening;
    try {
      dataset = Dataset.read(data);
      listening = new DemoListening(dataset);
    } catch (IllegalArgumentException e) {
      System.err.println("seed: " + e.getMessage());
      return 2;
    }
    System.out.printf("seed: %d tracks, %d playlists from %s%n", dataset.catalog().size(), dataset.playlists().size(), data);
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("home-shelves.model.catalog", Dataset.catalogFile(data).toString());
    if (vectors != null) {
      overrides.put("home-shelves.model.vectors", vectors.toString());
    } else if (demoVectors.isPresent() && LocalEnv.get("HOME_SHELVES_MODEL_VECTORS") == null) {
      overrides.put("home-shelves.model.vectors", demoVectors.get().toString());
    }
    // Functions run side by side for this many users (FunctionRunner sizes its pool from it).
    overrides.put("home-shelves.worker.recompute-threads", threads);
    overrides.put("home-shelves.worker.function-budget", functionBudget.toMillis() + "ms");
    try (ApplicationContext context = ToolContext.startWithWorkerBeans(overrides)) {
      context.inject(this);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      var counts = new HashMap<Instant, Map<String, Long>>();
      AtomicInteger stored = new AtomicInteger();
      var histories = new BatchRate();
      forEachUser("histories", n -> {
        String user = DemoListening.userId(n);
        // A user whose seeded history is already stored keeps it: reruns do not pile up plays.
        if (plays.history(user).stream().anyMatch(p -> p.eventId().startsWith(DemoListening.EVENT_PREFIX))) {
          return;
        }
        var userPlays = listening.plays(n, now);
        plays.storeAll(user, userPlays);
        stored.addAndGet(userPlays.size());
        countTrending(counts, trendingStore, userPlays, now.minus(settings.trendingWindow()));
      });
      for (var bucket : counts.entrySet()) {
        ApiExceptions.callAndTranslateApiException(trendingStore.add(bucket.getKey(), bucket.getValue()));
      }
      System.out.printf("seed: stored %d plays in %.1f s%n", stored.get(), histories.seconds());

      trending.refresh();
      recomputer.refreshDefaultHome();
      System.out.println("seed: wrote the default Home");
      var homes = new BatchRate();
      forEachUser("Homes", n -> recomputer.recompute(DemoListening.userId(n)));
      System.out.printf("seed: computed %d Homes in %.1f s, %s%n", users, homes.seconds(), homes.of(users));
    } catch (IllegalArgumentException e) {
      System.err.println("seed: " + e.getMessage());
      return 2;
    } catch (io.micronaut.context.exceptions.BeanContextException e) {
      System.err.println("seed: " + BackfillCommand.rootMessage(e));
      return 2;
    }
    System.out.printf("seed: done, users user-0 .. user-%d%n", users - 1);
    return 0;
  }

  /** Adds the plays within the trending window to the per-bucket counts, as the worker counts them. */
  private static synchronized void countTrending(Map<Instant, Map<String, Long>> counts, TrendingStore store,
      List<UserSignal> plays, Instant windowStart) {
    for (UserSignal play : plays) {
      Instant at = Instant.ofEpochMilli(Timestamps.toMillis(play.getOccurredAt()));
      if (!at.isBefore(windowStart)) {
        counts.computeIfAbsent(store.bucketOf(at), b -> new HashMap<>()).merge(play.getItemId(), 1L, Long::sum);
      }
    }
  }

  /**
   * Runs {@code task} for users 0..N-1 on {@code --threads} threads, a few dozen users in flight
   * at a time, printing progress with the rate and CPU per user every tenth.
   */
  private void forEachUser(String what, IntConsumer task) throws InterruptedException, ExecutionException {
    var rate = new BatchRate();
    int step = Math.max(1, users / 10);
    new OrderedParallel(threads).forEach(IntStream.range(0, users).iterator(), task::accept, (n, count) -> {
      if (count % step == 0 || count == users) {
        System.out.printf("seed: %s %d/%d users, %s%n", what, count, users, rate.of(count));
      }
    });
  }

}
