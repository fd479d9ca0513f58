package dev.homeshelves.service.cli;

import dev.homeshelves.service.HomeShelvesApp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code home-shelves worker}: runs the Pub/Sub signal worker (optionally with serving) until stopped. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the signal worker: pulls subscription shelf-worker of topic user-signals, stores plays and follows,",
      "recomputes users' shelves (debounced) and the default Home, counts trending plays. Runs until stopped.",
      "Configuration: application.yml and env vars (PUBSUB_EMULATOR_HOST, GOOGLE_CLOUD_PROJECT, BIGTABLE_*,",
      "HOME_SHELVES_MODEL_CATALOG, HOME_SHELVES_MODEL_VECTORS, HOME_SHELVES_WORKER_*); see docs/worker.md."
    })
final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--catalog", paramLabel = "FILE", description = "Catalog in the songs.tsv layout (default: "
      + "home-shelves.model.catalog, HOME_SHELVES_MODEL_CATALOG; unset: the demo dataset's catalog.tsv in env "
      + "HOME_SHELVES_DEMO_DATA, which bin/home-shelves sets to var/demo, generated there on first use).")
  Path catalog;

  @Option(names = "--vectors", paramLabel = "FILE", description = "word2vec vectors with their .counts.tsv/.cooc.tsv sidecars "
      + "(default: home-shelves.model.vectors; with the demo catalog, the demo's vectors.bin when bin/run-local trained it).")
  Path vectors;

  @Option(names = "--serve", description = "Also serve HomeService in this process.")
  boolean serve;

  @Option(names = "--grpc-port", description = "gRPC port (default: 50052 without --serve, else GRPC_PORT or 50051).")
  Integer grpcPort;

  @Option(names = "--http-port", description = "HTTP port for /health and /prometheus (default: 8081 without --serve, else HTTP_PORT or 8080).")
  Integer httpPort;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> properties = new HashMap<>();
    properties.put(HomeShelvesApp.WORKER_ENABLED, true);
    properties.put(HomeShelvesApp.SERVE_ENABLED, serve);
    if (catalog == null && LocalEnv.get("HOME_SHELVES_MODEL_CATALOG") == null) {
      // No catalog anywhere: the demo dataset, as bin/run-local uses it.
      Path demo = DemoDefaults.ensure("worker");
      catalog = demo.resolve("catalog.tsv");
      if (vectors == null && LocalEnv.get("HOME_SHELVES_MODEL_VECTORS") == null) {
        vectors = DemoDefaults.vectors(demo).orElse(null);
      }
    }
    if (catalog != null) {
      properties.put("home-shelves.model.catalog", catalog.toString());
    }
    if (vectors != null) {
      properties.put("home-shelves.model.vectors", vectors.toString());
    }
    // A worker beside a serving process on one machine must not take the serving ports.
    if (grpcPort != null || !serve) {
      properties.put("grpc.server.port", grpcPort != null ? grpcPort : 50052);
    }
    if (httpPort != null || !serve) {
      properties.put("micronaut.server.port", httpPort != null ? httpPort : 8081);
    }
    return AppRunner.runUntilShutdown(properties);
  }
}
