package dev.homeshelves.service;

import com.google.common.util.concurrent.MoreExecutors;
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
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code GetHome} on the server's network threads and every other gRPC call on a fixed pool
 * of {@code grpc.server.threads} threads, instead of Micronaut's unbounded {@code io} executor (a
 * cached thread pool wrapped in Micrometer timers).
 *
 * <p>GetHome does not block: it validates, starts its Bigtable read and answers from the read's
 * callback ({@link dev.homeshelves.service.home.HomeGrpcService}), so on the network thread it
 * runs as a bare gRPC echo does, and a hand-off to a pool would only add a thread wake-up per
 * call. The admin calls block on Bigtable, so they run on the pool. The unbounded pool capped
 * nothing: when GetHome still blocked, a load test at 2,000 calls/s on two cores grew it to 246
 * threads, all competing for the cores with the event loops, the Bigtable client and the
 * garbage collector (young pauses of 130-260 ms), and the service collapsed into deadline errors.
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
    return event.getBean().executor(executor).callExecutor(new ServerCallExecutorSupplier() {
      @Override
      public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
        // null: the pool above.
        return call.getMethodDescriptor().equals(HomeServiceGrpc.getGetHomeMethod())
            ? MoreExecutors.directExecutor() : null;
      }
    });
  }

  @PreDestroy
  void close() {
    ExecutorService e = executor;
    if (e != null) {
      e.shutdown();
    }
  }
}
