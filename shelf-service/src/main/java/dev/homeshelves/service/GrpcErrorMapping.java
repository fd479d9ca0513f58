package dev.homeshelves.service;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.homeshelves.service.experiments.ConfigReadException;
import dev.homeshelves.service.store.StoreReadException;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions thrown by gRPC service methods into a status, for every
 * service (installed by {@link GrpcCallChain}):
 *
 * <ul>
 *   <li>bad input ({@link InvalidArgumentException}) → {@code INVALID_ARGUMENT} naming the field
 *       and rule (a body that does not parse is answered by {@link RequestParsing});
 *   <li>an unknown id ({@link NotFoundException}) → {@code NOT_FOUND};
 *   <li>the wrong replica for the call ({@link FailedPreconditionException}) → {@code
 *       FAILED_PRECONDITION} saying where to go;
 *   <li>storage unavailable or timed out (the stores' read exceptions, a Bigtable call that
 *       failed with a transient code) → {@code UNAVAILABLE}: the caller may retry. GetHome never
 *       gets here for storage: its read path falls back instead ({@code home.HomeReader});
 *   <li>anything else is a bug → {@code INTERNAL} with only an error id, logged once with the
 *       stack under that id (and the MDC the handler set, e.g. {@code user_id}).
 * </ul>
 *
 * <p>It also bounds the MDC of each call's handling: what a service sets through {@link
 * LogContext} lasts until its callback returns here.
 */
public final class GrpcErrorMapping implements ServerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrorMapping.class);
  private static final Set<StatusCode.Code> TRANSIENT = Set.of(
      StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.ABORTED,
      StatusCode.Code.RESOURCE_EXHAUSTED);

  /** The status a client sees for {@code error}. */
  public static Status toStatus(Throwable error) {
    if (error instanceof InvalidArgumentException invalid) {
      return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage());
    }
    if (error instanceof NotFoundException notFound) {
      return Status.NOT_FOUND.withDescription(notFound.getMessage());
    }
    if (error instanceof FailedPreconditionException precondition) {
      return Status.FAILED_PRECONDITION.withDescription(precondition.getMessage());
    }
    if (error instanceof StatusRuntimeException status) {
      // Raised by grpc-java itself (e.g. a call cancelled under us): already a status.
      return status.getStatus();
    }
    String storage = storageFailure(error);
    if (storage != null) {
      return Status.UNAVAILABLE.withDescription("storage is unavailable, retry later: " + storage);
    }
    String errorId = UUID.randomUUID().toString();
    LOG.error("unexpected error {} in a gRPC call", errorId, error);
    return Status.INTERNAL.withDescription("internal error " + errorId + " (details in the server log)");
  }

  /** What failed when {@code error} (or a cause of it) is a storage outage or timeout, else null. */
  private static String storageFailure(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof StoreReadException || e instanceof ConfigReadException) {
        return e.getMessage();
      }
      if (e instanceof ApiException api && (api.isRetryable() || TRANSIENT.contains(api.getStatusCode().getCode()))) {
        return "Bigtable " + api.getStatusCode().getCode();
      }
    }
    return null;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(call, headers);
    } catch (RuntimeException e) {
      call.close(toStatus(e), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    // A unary handler runs in onHalfClose and sets its user id in the MDC (LogContext); the
    // scope ends here, after an unexpected error has been logged with it, so that the pooled
    // thread takes nothing of this call to the next one.
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        try (var handling = LogContext.isolate()) {
          try {
            super.onMessage(message);
          } catch (RuntimeException e) {
            call.close(toStatus(e), new Metadata());
          }
        }
      }

      @Override
      public void onHalfClose() {
        try (var handling = LogContext.isolate()) {
          try {
            super.onHalfClose();
          } catch (RuntimeException e) {
            call.close(toStatus(e), new Metadata());
          }
        }
      }
    };
  }
}
