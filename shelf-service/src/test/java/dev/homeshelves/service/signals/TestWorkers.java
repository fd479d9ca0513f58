package dev.homeshelves.service.signals;

import com.google.cloud.pubsub.v1.Publisher;
import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.recommend.ItemStats;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.store.RecomputeStore;
import dev.homeshelves.shelves.ParamValues;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfFunctions;
import dev.homeshelves.shelves.catalog.Catalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts real workers for tests: the application's own wiring (one context per replica, with
 * the worker role and no servers) against the real Pub/Sub and Bigtable emulators, with a
 * model and plan of the test's choosing; closes them.
 */
final class TestWorkers implements AutoCloseable {

  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** The beans a test looks at, injected from the worker's context. */
  static final class Beans {
    @Inject SignalWorker worker;
    @Inject ShelfRecomputer recomputer;
    @Inject PubSubClients clients;
    @Inject MeterRegistry metrics;
    @Inject RecomputeStore recomputeStore;
    @Inject WorkerSettings settings;
  }

  /** A started worker with its metrics and a publisher to its topic. */
  record Running(ApplicationContext context, Beans beans, Publisher publisher) {

    SignalWorker worker() {
      return beans.worker;
    }

    ShelfRecomputer recomputer() {
      return beans.recomputer;
    }

    PubSubClients clients() {
      return beans.clients;
    }

    MeterRegistry metrics() {
      return beans.metrics;
    }

    PubSubSettings pubsub() {
      return beans.clients.settings();
    }

    double signals(String kind, String outcome) {
      var c = beans.metrics.find("homeshelves.worker.signals").tags("kind", kind, "outcome", outcome).counter();
      return c == null ? 0 : c.count();
    }

    double counter(String name) {
      var c = beans.metrics.find(name).counter();
      return c == null ? 0 : c.count();
    }
  }

  /** A worker running no shelf functions (ingest only), whose catalog knows {@link #INGEST_ITEMS}. */
  Running start(Map<String, Object> pubsub, Map<String, Object> worker, Map<String, Object> bigtable) {
    return start(pubsub, worker, bigtable, ingestModel(), planOf(), true);
  }

  /**
   * A worker replica.
   *
   * @param worker {@code home-shelves.worker.*} overrides, keys without the prefix (e.g. "debounce")
   * @param closeAfterTest false for a replica the test "kills" (no graceful shutdown)
   * @param readyMade more beans given ready-made (e.g. an in-memory {@code Tracing})
   */
  Running start(Map<String, Object> pubsub, Map<String, Object> worker, Map<String, Object> bigtable,
      WorkerModel model, RunPlan plan, boolean closeAfterTest, Object... readyMade) {
    var properties = new HashMap<String, Object>(bigtable);
    properties.putAll(pubsub);
    worker.forEach((k, v) -> properties.put("home-shelves.worker." + k, v));
    properties.put(HomeShelvesApp.SERVE_ENABLED, false);
    properties.put(HomeShelvesApp.WORKER_ENABLED, true);
    var singletons = new ArrayList<Object>(List.of(model, plan));
    singletons.addAll(List.of(readyMade));
    var context = ApplicationContext.builder().banner(false).properties(properties)
        .singletons(singletons.toArray()).start();
    var beans = new Beans();
    context.inject(beans);
    var publisher = beans.clients.publisher(beans.clients.settings().topic());
    if (closeAfterTest) {
      toClose.add(context);
    }
    toClose.add(() -> {
      try {
        publisher.shutdown();
      } catch (IllegalStateException alreadyStopped) {
        // The test stopped this replica itself.
      }
    });
    return new Running(context, beans, publisher);
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

  /** Items the ingest-only worker's catalog knows: tracks track-0..999, t0..49, and artist-a..c. */
  static WorkerModel ingestModel() {
    var catalog = Catalog.builder();
    for (int i = 0; i < 1000; i++) {
      catalog.track("track-" + i, "Track " + i, "Artist A");
    }
    for (int i = 0; i < 50; i++) {
      catalog.track("t" + i, "T " + i, "Artist B");
    }
    for (var id : List.of("track-good", "track-json", "track-x", "long-enough", "short", "skipped")) {
      catalog.track(id, id, "Artist C");
    }
    return new WorkerModel(catalog.build(), Optional.empty());
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

  /**
   * A recomputer over the emulator's stores for tests that drive one directly (the worker's
   * own is {@link Beans#recomputer}); trending as the defaults (1 m buckets, 1 h window).
   */
  static ShelfRecomputer recomputerOver(com.google.cloud.bigtable.data.v2.BigtableDataClient bigtable,
      WorkerModel model, RunPlan plan, FunctionRunner runner, WorkerMetrics metrics, java.time.Clock clock) {
    var trending = new TrendingCache(new dev.homeshelves.service.store.TrendingStore(bigtable,
        java.time.Duration.ofMinutes(1)), java.time.Duration.ofHours(1), clock);
    var load = new LoadContext(new dev.homeshelves.service.store.PlayStore(bigtable, 500),
        new dev.homeshelves.service.store.FollowStore(bigtable), trending, model);
    return new ShelfRecomputer(load, plan, new RunFunctions(runner),
        new WriteShelves(new dev.homeshelves.service.store.ShelfStore(bigtable)), metrics, clock);
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
