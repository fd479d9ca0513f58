package dev.homeshelves.service.cli;

import dev.homeshelves.service.HomeShelvesApp;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code home-shelves serve}: runs HomeService on gRPC and health/metrics on HTTP until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the gRPC server (HomeService, health, reflection) and the HTTP server (/health, /prometheus) until stopped.",
      "Configuration: application.yml and env vars (GOOGLE_CLOUD_PROJECT, BIGTABLE_INSTANCE, BIGTABLE_EMULATOR_HOST, GRPC_PORT, HTTP_PORT, ...).",
      "Set HOME_SHELVES_WORKER_ENABLED=true to run the signal worker in the same process."
    })
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--grpc-port", description = "gRPC port (default: GRPC_PORT or 50051).")
  Integer grpcPort;

  @Option(names = "--http-port", description = "HTTP port (default: HTTP_PORT or 8080).")
  Integer httpPort;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> properties = new HashMap<>();
    properties.put(HomeShelvesApp.SERVE_ENABLED, true);
    if (grpcPort != null) {
      properties.put("grpc.server.port", grpcPort);
    }
    if (httpPort != null) {
      properties.put("micronaut.server.port", httpPort);
    }
    return AppRunner.runUntilShutdown(properties);
  }
}
