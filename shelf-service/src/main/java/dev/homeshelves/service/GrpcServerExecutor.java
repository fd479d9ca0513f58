package dev.homeshelves.service;

import io.grpc.ServerBuilder;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs gRPC calls on a fixed pool of {@code grpc.server.threads} threads instead of Micronaut's
 * unbounded {@code io} executor (a cached thread pool wrapped in Micrometer timers).
 *
 * <p>GetHome blocks on one Bigtable read of a few milliseconds at most (the read deadline), so a
 * handful of threads holds thousands of calls per second. The unbounded pool did not cap
 * anything: in a load test at 2,000 GetHome/s on two cores it grew to 246 threads, every one
 * competing for the cores with the event loops, the Bigtable client and the garbage collector
 * (young pauses of 130-260 ms), and the service collapsed into deadline errors. With a fixed pool
 * the excess waits in the queue, where the client's deadline bounds it.
 */
@Singleton
final class GrpcServerExecutor implements BeanCreatedEventListener<ServerBuilder<?>> {

  private final int threads;
  private volatile ExecutorService executor;

  GrpcServerExecutor(@Value("${grpc.server.threads:16}") int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("grpc.server.threads must be at least 1, was " + threads);
    }
    this.threads = threads;
  }

  @Override
  public ServerBuilder<?> onCreated(BeanCreatedEvent<ServerBuilder<?>> event) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "grpc-server-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    executor = Executors.newFixedThreadPool(threads, factory);
    return event.getBean().executor(executor);
  }

  @PreDestroy
  void close() {
    ExecutorService e = executor;
    if (e != null) {
      e.shutdown();
    }
  }
}
