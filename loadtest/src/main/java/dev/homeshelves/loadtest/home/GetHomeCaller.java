package dev.homeshelves.loadtest.home;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.loadtest.load.AsyncRequest;
import dev.homeshelves.loadtest.load.LoopbackTarget;
import dev.homeshelves.loadtest.load.Outcome;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Calls {@code GetHome} without blocking, round-robin over a few plaintext Netty channels.
 * Responses are handled on the Netty event loop ({@code directExecutor}): the handler only
 * counts, so it never blocks the loop. Kept lean because it shares the CPU with the server under
 * test: no retry buffering ({@code disableRetry}), and answers are read for their
 * {@code source} only ({@link SourceOnlyMarshaller}), not built into full messages.
 */
public final class GetHomeCaller implements AsyncRequest, AutoCloseable {
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final Duration deadline;
  private final LongFunction<GetHomeRequest> requests;
  private final MethodDescriptor<GetHomeRequest, Source> method =
      HomeServiceGrpc.getGetHomeMethod()
          .toBuilder(ProtoUtils.marshaller(GetHomeRequest.getDefaultInstance()),
              SourceOnlyMarshaller.INSTANCE)
          .build();

  public GetHomeCaller(
      LoopbackTarget target, int channelCount, Duration deadline,
      LongFunction<GetHomeRequest> requests) {
    if (channelCount < 1) {
      throw new IllegalArgumentException("channels must be at least 1, was " + channelCount);
    }
    for (int i = 0; i < channelCount; i++) {
      channels.add(NettyChannelBuilder.forAddress(target.host(), target.port())
          .usePlaintext()
          .directExecutor()
          .disableRetry()
          .build());
    }
    this.deadline = deadline;
    this.requests = requests;
  }

  /**
   * One blocking call, to fail fast with a clear message when nothing serves GetHome at
   * {@code target} instead of reporting a run full of errors.
   */
  public GetHomeResponse checkAnswers(LoopbackTarget target, GetHomeRequest request) {
    try {
      // Patient on purpose: a server JVM that has just started may take seconds to answer once.
      return HomeServiceGrpc.newBlockingStub(channels.get(0))
          .withWaitForReady()
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .getHome(request);
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException("GetHome at " + target + " for user '"
          + request.getUserId() + "' failed: " + e.getStatus().getCode() + " "
          + e.getStatus().getDescription(), e);
    }
  }

  @Override
  public void start(long sequence, Consumer<Outcome> done) {
    ManagedChannel channel = channels.get((int) (sequence % channels.size()));
    var call = channel.newCall(
        method,
        CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS));
    ClientCalls.asyncUnaryCall(call, requests.apply(sequence), new StreamObserver<>() {
      private String source = "NO_ANSWER";

      @Override
      public void onNext(Source response) {
        source = response.name();
      }

      @Override
      public void onError(Throwable error) {
        done.accept(Outcome.failed(error));
      }

      @Override
      public void onCompleted() {
        done.accept(Outcome.ok(source));
      }
    });
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels) {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
