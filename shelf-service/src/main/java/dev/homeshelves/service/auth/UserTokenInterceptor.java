package dev.homeshelves.service.auth;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * With user tokens on: every HomeService call needs a valid user JWT, and GetHome is served only
 * for the token's subject. A bad or missing token is UNAUTHENTICATED; a valid token asking for
 * another user's Home is PERMISSION_DENIED and never reaches the service.
 */
public final class UserTokenInterceptor implements ServerInterceptor {

  private final UserTokenVerifier verifier;

  /** Checks tokens with this verifier. */
  public UserTokenInterceptor(UserTokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!HomeServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String subject;
    try {
      subject = verifier.verify(BearerTokens.from(headers));
    } catch (TokenRejectedException e) {
      call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return new SubjectCheck<>(next.startCall(call, headers), call, subject);
  }

  /** Lets a request through only when the user it names is the token's subject. */
  private static final class SubjectCheck<ReqT, RespT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {

    private final ServerCall<ReqT, RespT> call;
    private final String subject;
    private boolean refused;

    SubjectCheck(ServerCall.Listener<ReqT> delegate, ServerCall<ReqT, RespT> call, String subject) {
      super(delegate);
      this.call = call;
      this.subject = subject;
    }

    @Override
    public void onMessage(ReqT message) {
      if (message instanceof GetHomeRequest request && !subject.equals(request.getUserId())) {
        refused = true;
        call.close(Status.PERMISSION_DENIED.withDescription(
            "user_id: the token was issued to another user"), new Metadata());
        return;
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      // A refused call is closed already; the service must not run it.
      if (!refused) {
        super.onHalfClose();
      }
    }
  }
}
