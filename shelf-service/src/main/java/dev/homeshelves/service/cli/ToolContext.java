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
}
