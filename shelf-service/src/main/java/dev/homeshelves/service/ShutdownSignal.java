package dev.homeshelves.service;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import jakarta.inject.Singleton;
import java.util.concurrent.CountDownLatch;

/** Lets a command that runs the servers wait until the application is shut down (Ctrl-C, SIGTERM). */
@Singleton
public final class ShutdownSignal implements ApplicationEventListener<ShutdownEvent> {

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public void onApplicationEvent(ShutdownEvent event) {
    stopped.countDown();
  }

  /** Blocks until the application has shut down. */
  public void await() throws InterruptedException {
    stopped.await();
  }
}
