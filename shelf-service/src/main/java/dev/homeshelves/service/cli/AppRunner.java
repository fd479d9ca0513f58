package dev.homeshelves.service.cli;

import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.ShutdownSignal;
import io.micronaut.context.ApplicationContext;
import java.util.Map;

/** Runs the application with the given properties until it is shut down (used by the role commands). */
public final class AppRunner {

  private AppRunner() {}

  /** Starts the application and blocks until Ctrl-C / SIGTERM has shut it down; returns the exit code. */
  public static int runUntilShutdown(Map<String, Object> properties) throws InterruptedException {
    ApplicationContext context = HomeShelvesApp.start(properties);
    context.getBean(ShutdownSignal.class).await();
    return 0;
  }
}
