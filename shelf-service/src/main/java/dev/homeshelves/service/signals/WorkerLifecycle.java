package dev.homeshelves.service.signals;

import dev.homeshelves.service.HomeShelvesApp;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * Starts the worker once the application has started (after the tables exist) and stops it
 * gracefully at shutdown. Seed and backfill use the worker's beans without pulling
 * ({@code home-shelves.worker.subscribe=false}).
 */
@Singleton
@Requires(property = HomeShelvesApp.WORKER_ENABLED, value = "true")
@Requires(property = WorkerFactory.SUBSCRIBE, value = "true")
final class WorkerLifecycle implements ApplicationEventListener<StartupEvent> {

  private final SignalWorker worker;
  private boolean started;

  WorkerLifecycle(SignalWorker worker) {
    this.worker = worker;
  }

  @Override
  public synchronized void onApplicationEvent(StartupEvent event) {
    if (!started) {
      worker.start();
      started = true;
    }
  }

  @PreDestroy
  synchronized void stop() {
    worker.close();
  }
}
