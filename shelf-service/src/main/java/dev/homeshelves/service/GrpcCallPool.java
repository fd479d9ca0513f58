package dev.homeshelves.service;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed pool of {@code grpc.server.threads} threads that runs the services' code ({@link
 * CallHandOff} hands each call to it once). GetHome blocks on one Bigtable read of a few
 * milliseconds at most (the read deadline), so a handful of threads holds thousands of calls per
 * second; the excess waits in the queue, where the client's deadline bounds it. An unbounded
 * pool caps nothing: at 2,000 GetHome/s on two cores Micronaut's {@code io} executor grew to 246
 * threads competing with the event loops and the garbage collector, and the service collapsed
 * into deadline errors (docs/decisions/2026-12-01-fixed-grpc-call-pool.md).
 */
@Singleton
final class GrpcCallPool {

  private final ExecutorService executor;

  GrpcCallPool(@Value("${grpc.server.threads}") int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("grpc.server.threads must be at least 1, was " + threads);
    }
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "grpc-server-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = Executors.newFixedThreadPool(threads, factory);
  }

  Executor executor() {
    return executor;
  }

  @PreDestroy
  void close() {
    executor.shutdown();
  }
}
