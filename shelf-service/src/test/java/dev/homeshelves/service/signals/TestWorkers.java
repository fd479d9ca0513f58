package dev.homeshelves.service.signals;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.pubsub.v1.Publisher;
import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.recommend.ItemStats;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import dev.homeshelves.shelves.ParamValues;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfFunctions;
import dev.homeshelves.shelves.catalog.Catalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Starts real workers (real Pub/Sub and Bigtable emulators) for tests, and closes them. */
final class TestWorkers implements AutoCloseable {

  /** The signal limits test workers run with (application.yml's values, stated for the tests). */
  static final SignalLimits LIMITS = new SignalLimits(16_384, 1_024, java.time.Duration.ofDays(7));

  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** A started worker with its metrics and a publisher to its topic. */
  record Running(SignalWorker worker, ShelfRecomputer recomputer, PubSubClients clients,
      Publisher publisher, MeterRegistry metrics) {

    double signals(String kind, String outcome) {
      var c = metrics.find("homeshelves.worker.signals").tags("kind", kind, "outcome", outcome).counter();
      return c == null ? 0 : c.count();
    }

    double counter(String name) {
      var c = metrics.find(name).counter();
      return c == null ? 0 : c.count();
    }
  }

  /** A worker running no shelf functions (ingest only). */
  Running start(PubSubSettings pubsub, WorkerSettings settings, BigtableDataClient bigtable) {
    return start(pubsub, settings, bigtable, new WorkerModel(Catalog.empty(), Optional.empty()), planOf(), true);
  }

  Running start(PubSubSettings pubsub, WorkerSettings settings, BigtableDataClient bigtable,
      WorkerModel model, RunPlan plan, boolean closeAfterTest) {
    var clients = new PubSubClients(pubsub);
    var registry = new SimpleMeterRegistry();
    var metrics = new WorkerMetrics(registry);
    var clock = Clock.systemUTC();
    var trending = new TrendingCache(new dev.homeshelves.service.store.TrendingStore(bigtable, settings.trendingBucket()),
        settings.trendingWindow(), clock);
    var runner = new FunctionRunner(4, settings.functionBudget(), metrics);
    var recomputer = ShelfRecomputer.overBigtable(bigtable, settings, trending, model, plan, runner, metrics, clock);
    var worker = SignalWorker.start(clients, bigtable, settings, LIMITS, recomputer, trending, metrics, clock);
    var publisher = clients.publisher(pubsub.topic());
    toClose.add(() -> publisher.shutdown());
    if (closeAfterTest) {
      toClose.add(clients);
      toClose.add(worker);
      toClose.add(runner);
    }
    return new Running(worker, recomputer, clients, publisher, registry);
  }

  /** Every given function with its default parameters. */
  static RunPlan planOf(ShelfFunction... functions) {
    return RunPlan.allWithDefaults(ShelfFunctions.of(List.of(functions)));
  }

  static RunPlan builtIns() {
    return RunPlan.allWithDefaults(ShelfFunctions.discover());
  }

  static ParamValues defaults() {
    return ParamValues.defaults();
  }

  /**
   * A catalog in three styles with 3-d vectors: pop ballads, metal, jazz (the same shape as
   * shelf-functions' fixture), plus {@code hot-track}.
   */
  static WorkerModel musicModel() {
    var catalog = Catalog.builder();
    var ids = new ArrayList<String>();
    var values = new ArrayList<Float>();
    Object[][] tracks = {
        {"hello", "Hello", "Adele", 1f, 0f, 0f},
        {"someone-like-you", "Someone Like You", "Adele", 0.97f, 0.03f, 0f},
        {"skyfall", "Skyfall", "Adele", 0.95f, 0.05f, 0.05f},
        {"stay-with-me", "Stay With Me", "Sam Smith", 0.9f, 0.1f, 0f},
        {"someone-you-loved", "Someone You Loved", "Lewis Capaldi", 0.92f, 0.02f, 0.08f},
        {"one", "One", "Metallica", 0f, 1f, 0f},
        {"enter-sandman", "Enter Sandman", "Metallica", 0.05f, 0.97f, 0f},
        {"raining-blood", "Raining Blood", "Slayer", 0f, 0.95f, 0.1f},
        {"so-what", "So What", "Miles Davis", 0f, 0f, 1f},
        {"take-five", "Take Five", "Dave Brubeck", 0f, 0.05f, 0.95f},
        {"hot-track", "Hot Track", "Everyone", 0.5f, 0.5f, 0.5f},
    };
    for (var t : tracks) {
      catalog.track((String) t[0], (String) t[1], (String) t[2]);
      ids.add((String) t[0]);
      for (int i = 3; i < 6; i++) {
        values.add((Float) t[i]);
      }
    }
    var data = new float[values.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = values.get(i);
    }
    var recommender = RecommenderModel.of(Embeddings.of(ids, data, 3), ItemStats.of(List.of(ids), 3));
    return new WorkerModel(catalog.build(), Optional.of(recommender));
  }

  /** Registers something to close with the workers. */
  void closeLater(AutoCloseable c) {
    toClose.add(c);
  }

  @Override
  public void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    toClose.clear();
  }
}
