package dev.homeshelves.service;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.Map;

/** Starts the Home Shelves Micronaut application (gRPC and HTTP servers plus the beans of the enabled roles). */
public final class HomeShelvesApp {

  /** Property that turns on the serving role (HomeService on gRPC). */
  public static final String SERVE_ENABLED = "home-shelves.serve.enabled";
  /** Property that turns on the worker role (the Pub/Sub signal worker). */
  public static final String WORKER_ENABLED = "home-shelves.worker.enabled";

  private HomeShelvesApp() {}

  /**
   * Starts the application; {@code properties} override application.yml and the environment
   * (the role commands pass {@link #SERVE_ENABLED} / {@link #WORKER_ENABLED} here); {@code beans}
   * are given to the context ready-made (a test's in-memory {@code Tracing}).
   */
  public static ApplicationContext start(Map<String, Object> properties, Object... beans) {
    return Micronaut.build(new String[0])
        .mainClass(HomeShelvesApp.class)
        .banner(false)
        .properties(properties)
        .singletons(beans)
        .start();
  }
}
