package dev.homeshelves.service;

import dev.homeshelves.api.v1.HomeServiceGrpc;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where gRPC calls run. GetHome never blocks (its Bigtable read is asynchronous, and the answer
 * is built where the read completes), so it runs on the server's network thread, with no thread
 * hand-off at all. Every other call (AdminService, health, reflection) may block, and runs on a
 * fixed pool of {@code grpc.server.threads} threads, chosen per call through grpc-java's {@link
 * ServerBuilder#callExecutor}.
 *
 * <p>Why: on the pool, a GetHome cost ~20 thread wake-ups and 0.6-0.7 ms of CPU at 1,000/s;
 * on the network thread ~7 and 0.46 ms (docs/decisions/2026-12-08-gethome-on-the-network-thread.md).
 * The pool is fixed because an unbounded one caps nothing: at 2,000 calls/s on two cores
 * Micronaut's {@code io} executor grew to 246 threads competing with the event loops and the
 * garbage collector, and the service collapsed into deadline errors
 * (docs/decisions/2026-12-01-fixed-grpc-call-pool.md).
 */
@Singleton
final class GrpcServerExecutor implements BeanCreatedEventListener<ServerBuilder<?>> {

  /** Methods whose handlers never block. */
  private static final Set<String> NON_BLOCKING = Set.of(HomeServiceGrpc.getGetHomeMethod().getFullMethodName());

  private final ExecutorService pool;

  GrpcServerExecutor(@Value("${grpc.server.threads}") int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("grpc.server.threads must be at least 1, was " + threads);
    }
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "grpc-server-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(threads, factory);
  }

  @Override
  public ServerBuilder<?> onCreated(BeanCreatedEvent<ServerBuilder<?>> event) {
    return event.getBean().directExecutor().callExecutor(new ServerCallExecutorSupplier() {
      @Override
      public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
        return executorFor(call.getMethodDescriptor().getFullMethodName());
      }
    });
  }

  /** The pool for a method that may block; null (stay on the network thread) for one that never does. */
  Executor executorFor(String fullMethodName) {
    return NON_BLOCKING.contains(fullMethodName) ? null : pool;
  }

  @PreDestroy
  void close() {
    pool.shutdown();
  }
}
