package dev.homeshelves.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler runs on the pool with the call's Context, and the call's callbacks stay in order. */
class CallHandOffTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-call-pool"));
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    start(Set.of());
  }

  private void start(Set<String> nonBlockingMethods) throws Exception {
    if (server != null) {
      stop();
    }
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name)
        .directExecutor()
        .addService(ServerInterceptors.intercept(new RecordingHealth(), new CallHandOff(pool, nonBlockingMethods)))
        .build()
        .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stopAll() throws Exception {
    stop();
    pool.shutdownNow();
  }

  private void stop() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void theHandlerRunsOnThePoolWithTheCallsDeadline() {
    HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("answer").build());

    assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(events).containsExactly("handler on test-call-pool, deadline set");
  }

  @Test
  void aNonBlockingMethodRunsWhereTheTransportDeliversIt() throws Exception {
    start(Set.of(HealthGrpc.getCheckMethod().getFullMethodName()));

    HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("answer").build());

    assertThat(events.poll(10, TimeUnit.SECONDS))
        .startsWith("handler on ").doesNotContain("test-call-pool").endsWith(", deadline set");
  }

  @Test
  void aCancelArrivingWhileTheHandlerRunsIsDeliveredAfterIt() throws Exception {
    assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
        .check(HealthCheckRequest.newBuilder().setService("wait-for-cancel").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

    assertThat(next(3)).containsExactly(
        "handler on test-call-pool, deadline set", "handler saw its Context cancelled", "cancel handler on test-call-pool");
  }

  /** The next {@code count} events, each awaited for at most 10 s. */
  private List<String> next(int count) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String event = events.poll(10, TimeUnit.SECONDS);
      if (event == null) {
        break;
      }
      seen.add(event);
    }
    return seen;
  }

  private final class RecordingHealth extends HealthGrpc.HealthImplBase {
    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
      Context context = Context.current();
      events.add("handler on " + Thread.currentThread().getName()
          + (context.getDeadline() != null ? ", deadline set" : ", no deadline"));
      if (request.getService().equals("wait-for-cancel")) {
        ((ServerCallStreamObserver<HealthCheckResponse>) responses).setOnCancelHandler(
            () -> events.add("cancel handler on " + Thread.currentThread().getName()));
        CountDownLatch cancelled = new CountDownLatch(1);
        context.addListener(c -> cancelled.countDown(), Runnable::run);
        try {
          // The Context is cancelled at once; the listener's onCancel is only delivered after
          // this handler returns.
          if (cancelled.await(10, TimeUnit.SECONDS)) {
            events.add("handler saw its Context cancelled");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      responses.onNext(HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
      responses.onCompleted();
    }
  }
}
