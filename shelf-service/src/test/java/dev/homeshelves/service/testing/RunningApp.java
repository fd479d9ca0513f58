package dev.homeshelves.service.testing;

import dev.homeshelves.service.HomeShelvesApp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole application started against a test emulator, on free loopback ports, with a gRPC
 * channel to it. Close it at the end of the test class.
 */
public final class RunningApp implements AutoCloseable {

  private final ApplicationContext context;
  private final int grpcPort;
  private final int httpPort;
  private final ManagedChannel channel;

  private RunningApp(ApplicationContext context, int grpcPort, int httpPort) {
    this.context = context;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  /** Starts the application against {@code bigtable}, with extra properties on top and {@code beans} ready-made. */
  public static RunningApp start(BigtableEmulatorExtension bigtable, Map<String, Object> extra, Object... beans) {
    int grpcPort = FreePorts.next();
    int httpPort = FreePorts.next();
    Map<String, Object> properties = new HashMap<>(bigtable.properties());
    properties.put("grpc.server.port", grpcPort);
    properties.put("micronaut.server.port", httpPort);
    properties.putAll(extra);
    return new RunningApp(HomeShelvesApp.start(properties, beans), grpcPort, httpPort);
  }

  public ApplicationContext context() {
    return context;
  }

  public ManagedChannel channel() {
    return channel;
  }

  public int grpcPort() {
    return grpcPort;
  }

  /** Base URL of the HTTP server, e.g. {@code http://127.0.0.1:1234}. */
  public String httpBase() {
    return "http://127.0.0.1:" + httpPort;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    context.close();
  }
}
