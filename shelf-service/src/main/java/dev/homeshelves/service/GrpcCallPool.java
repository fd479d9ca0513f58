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
 * The fixed pool of {@code grpc.server.threads} threads that runs the blocking services' code
 * (AdminService, health, reflection; {@link CallHandOff} hands each call to it once). GetHome
 * does not use it: it never blocks. An unbounded pool caps nothing: at 2,000 calls/s on two
 * cores Micronaut's {@code io} executor grew to 246 threads competing with the event loops and
 * the garbage collector, and the service collapsed into deadline errors
 * (docs/decisions/2026-12-01-fixed-grpc-call-pool.md).
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
