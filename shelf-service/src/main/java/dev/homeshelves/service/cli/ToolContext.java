package dev.homeshelves.service.cli;

import dev.homeshelves.service.HomeShelvesApp;
import io.micronaut.context.ApplicationContext;
import java.util.Map;

/**
 * An application context for one-shot tools (seed, backfill, ...): the same configuration and
 * beans as the service (so tables get created when that is on), but no servers and no roles.
 */
public final class ToolContext {

  private ToolContext() {}

  /** Starts the context; close it when done. */
  public static ApplicationContext start() {
    return ApplicationContext.builder()
        .banner(false)
        .properties(Map.of(HomeShelvesApp.SERVE_ENABLED, false, HomeShelvesApp.WORKER_ENABLED, false))
        .start();
  }

  /**
   * Starts a context with the worker's beans (the same recompute as the worker) but without
   * pulling the subscription, with {@code overrides} (a tool's options) on top of the settings.
   */
  public static ApplicationContext startWithWorkerBeans(Map<String, Object> overrides) {
    var properties = new java.util.HashMap<String, Object>(overrides);
    properties.put(HomeShelvesApp.SERVE_ENABLED, false);
    properties.put(HomeShelvesApp.WORKER_ENABLED, true);
    properties.put("home-shelves.worker.subscribe", false);
    return ApplicationContext.builder().banner(false).properties(properties).start();
  }
}
