package dev.homeshelves.service;

import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.ServiceDescriptor;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses request bodies inside the call rather than in grpc-java's transport, so that a body
 * that is not the method's request message gets {@code INVALID_ARGUMENT} ("the request body is
 * not a homeshelves.v1.GetHomeRequest: ...") instead of {@code UNKNOWN} ("Application error
 * processing RPC"), which grpc-java gives any exception thrown while it parses. The methods of
 * the wrapped service take the raw bytes; each call parses them with the method's own
 * marshaller, on the same thread, and hands the typed message to the rest of the chain.
 */
final class RequestParsing {

  private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  };

  private RequestParsing() {}

  /** The service with every method parsing its requests in the call. */
  static ServerServiceDefinition wrap(ServerServiceDefinition service) {
    List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      methods.add(raw(method));
    }
    // Keep the schema descriptor: server reflection finds the services' .proto files through it.
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
    methods.forEach(m -> descriptor.addMethod(m.getMethodDescriptor()));
    ServerServiceDefinition.Builder wrapped = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(wrapped::addMethod);
    return wrapped.build();
  }

  private static <Q, R> ServerMethodDefinition<InputStream, R> raw(ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> typed = method.getMethodDescriptor();
    MethodDescriptor<InputStream, R> raw = typed.toBuilder(RAW, typed.getResponseMarshaller()).build();
    String notA = "the request body is not a " + requestTypeName(typed) + ": ";
    ServerCallHandler<Q, R> next = method.getServerCallHandler();
    return ServerMethodDefinition.create(raw, (call, headers) -> startCall(call, headers, typed, next, notA));
  }

  private static <Q, R> ServerCall.Listener<InputStream> startCall(
      ServerCall<InputStream, R> rawCall, Metadata headers, MethodDescriptor<Q, R> typed,
      ServerCallHandler<Q, R> next, String notA) {
    TypedCall<Q, R> call = new TypedCall<>(rawCall, typed);
    ServerCall.Listener<Q> listener = next.startCall(call, headers);
    return new ServerCall.Listener<>() {
      private boolean refused;

      @Override
      public void onMessage(InputStream body) {
        if (refused) {
          return; // a streaming call already answered INVALID_ARGUMENT: drop what follows
        }
        Q request;
        try {
          request = typed.parseRequest(body);
        } catch (RuntimeException e) {
          refused = true;
          // An interceptor may have closed the call already (e.g. no admin token): that answer stands.
          if (!call.closed) {
            call.close(Status.INVALID_ARGUMENT.withDescription(notA + reason(e)), new Metadata());
          }
          return;
        }
        listener.onMessage(request);
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          listener.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        listener.onCancel();
      }

      @Override
      public void onComplete() {
        listener.onComplete();
      }

      @Override
      public void onReady() {
        listener.onReady();
      }
    };
  }

  private static String reason(RuntimeException e) {
    // protobuf's own message ("While parsing a protocol message, the input ended unexpectedly...").
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static String requestTypeName(MethodDescriptor<?, ?> method) {
    if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
        && prototype.getMessagePrototype() instanceof Message message) {
      return message.getDescriptorForType().getFullName();
    }
    return "request of " + method.getFullMethodName();
  }

  /** The call as the typed chain sees it (its method descriptor typed); remembers whether it was closed. */
  private static final class TypedCall<Q, R> extends ServerCall<Q, R> {
    private final ServerCall<InputStream, R> raw;
    private final MethodDescriptor<Q, R> typed;
    // Set by whoever closes the call (interceptors, the service, this parse); read by the parse.
    private volatile boolean closed;

    TypedCall(ServerCall<InputStream, R> raw, MethodDescriptor<Q, R> typed) {
      this.raw = raw;
      this.typed = typed;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closed = true;
      raw.close(status, trailers);
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return typed;
    }

    @Override
    public void request(int numMessages) {
      raw.request(numMessages);
    }

    @Override
    public void sendHeaders(Metadata headers) {
      raw.sendHeaders(headers);
    }

    @Override
    public void sendMessage(R message) {
      raw.sendMessage(message);
    }

    @Override
    public boolean isReady() {
      return raw.isReady();
    }

    @Override
    public boolean isCancelled() {
      return raw.isCancelled();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      raw.setMessageCompression(enabled);
    }

    @Override
    public void setCompression(String compressor) {
      raw.setCompression(compressor);
    }

    @Override
    public void setOnReadyThreshold(int numBytes) {
      raw.setOnReadyThreshold(numBytes);
    }

    @Override
    public io.grpc.Attributes getAttributes() {
      return raw.getAttributes();
    }

    @Override
    public String getAuthority() {
      return raw.getAuthority();
    }

    @Override
    public io.grpc.SecurityLevel getSecurityLevel() {
      return raw.getSecurityLevel();
    }
  }
}
