package dev.homeshelves.service.tracing;

import dev.homeshelves.service.LogContext;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.EnumSet;
import java.util.Set;

/**
 * One SERVER span per gRPC call, named as the method ({@code homeshelves.v1.HomeService/GetHome}),
 * the child of the caller's span when the call's metadata carries one ({@code traceparent}).
 * While each callback of the call runs, the span is the current context (so the service's own
 * spans are its children) and its ids are in the MDC ({@link LogContext#TRACE_ID}, {@link
 * LogContext#SPAN_ID}). The span ends when the call completes or is cancelled. Installed by
 * {@code GrpcCallChain} outside everything else, and only when tracing is on.
 */
public final class GrpcServerSpans implements ServerInterceptor {

  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> RPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");
  // The codes OpenTelemetry's RPC conventions count as the server's fault.
  private static final Set<Status.Code> SERVER_ERRORS = EnumSet.of(Status.Code.UNKNOWN,
      Status.Code.DEADLINE_EXCEEDED, Status.Code.UNIMPLEMENTED, Status.Code.INTERNAL,
      Status.Code.UNAVAILABLE, Status.Code.DATA_LOSS);

  private static final TextMapGetter<Metadata> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Metadata carrier) {
      return carrier.keys();
    }

    @Override
    public String get(Metadata carrier, String key) {
      if (carrier == null || key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        return null;
      }
      return carrier.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    }
  };

  private final Tracing tracing;

  public GrpcServerSpans(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    var method = call.getMethodDescriptor();
    Context parent = tracing.propagator().extract(Context.root(), headers, HEADERS);
    Span span = tracing.tracer().spanBuilder(method.getFullMethodName())
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setAttribute(RPC_SYSTEM, "grpc")
        .setAttribute(RPC_SERVICE, method.getServiceName())
        .setAttribute(RPC_METHOD, method.getBareMethodName())
        .startSpan();
    Context context = parent.with(span);
    ServerCall<Q, R> traced = new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        span.setAttribute(RPC_STATUS, (long) status.getCode().value());
        if (SERVER_ERRORS.contains(status.getCode())) {
          span.setStatus(StatusCode.ERROR, status.getCode() + ": " + status.getDescription());
        }
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<Q> listener;
    try (var current = within(context, span)) {
      listener = next.startCall(traced, headers);
    } catch (RuntimeException e) {
      span.recordException(e);
      span.end();
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        try (var current = within(context, span)) {
          super.onMessage(message);
        }
      }

      @Override
      public void onHalfClose() {
        try (var current = within(context, span)) {
          super.onHalfClose();
        }
      }

      @Override
      public void onReady() {
        try (var current = within(context, span)) {
          super.onReady();
        }
      }

      @Override
      public void onCancel() {
        try (var current = within(context, span)) {
          super.onCancel();
        } finally {
          span.setAttribute(RPC_STATUS, (long) Status.Code.CANCELLED.value());
          span.end();
        }
      }

      @Override
      public void onComplete() {
        try (var current = within(context, span)) {
          super.onComplete();
        } finally {
          span.end();
        }
      }
    };
  }

  /** The span current and its ids in the MDC, until closed (the MDC as it was before, then). */
  private static Scope within(Context context, Span span) {
    Scope current = context.makeCurrent();
    LogContext.Scope logs = LogContext.isolate();
    LogContext.setSpan(span.getSpanContext());
    return () -> {
      logs.close();
      current.close();
    };
  }
}
