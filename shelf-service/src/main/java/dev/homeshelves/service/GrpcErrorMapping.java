package dev.homeshelves.service;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions thrown by gRPC service methods into a status: bad input
 * becomes {@code INVALID_ARGUMENT} with the field and rule, anything unexpected is logged and
 * becomes {@code INTERNAL} with only an error id (never a stack trace). Applies to every service.
 */
@Singleton
public final class GrpcErrorMapping implements ServerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrorMapping.class);

  /** The status a client sees for {@code error}. */
  public static Status toStatus(Throwable error) {
    if (error instanceof InvalidArgumentException invalid) {
      return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage());
    }
    if (error instanceof StatusRuntimeException status) {
      return status.getStatus();
    }
    if (error instanceof IllegalArgumentException illegal) {
      return Status.INVALID_ARGUMENT.withDescription(illegal.getMessage());
    }
    String errorId = UUID.randomUUID().toString();
    LOG.error("unexpected error {} in a gRPC call", errorId, error);
    return Status.INTERNAL.withDescription("internal error " + errorId + " (details in the server log)");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> listener = next.startCall(call, headers);
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          call.close(toStatus(e), new Metadata());
        }
      }

      @Override
      public void onHalfClose() {
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          call.close(toStatus(e), new Metadata());
        }
      }
    };
  }
}
