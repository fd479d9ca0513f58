package dev.homeshelves.service.auth;

import dev.homeshelves.api.v1.AdminServiceGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Guards every AdminService call with the admin bearer token from configuration. No token:
 * UNAUTHENTICATED; a wrong token, or no admin token configured at all: PERMISSION_DENIED.
 */
public final class AdminTokenInterceptor implements ServerInterceptor {

  private final Optional<byte[]> expectedDigest;

  /** @param adminToken the configured token; empty turns every admin call away */
  public AdminTokenInterceptor(String adminToken) {
    this.expectedDigest = adminToken.isEmpty() ? Optional.empty() : Optional.of(sha256(adminToken));
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!AdminServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String presented;
    try {
      presented = BearerTokens.from(headers);
    } catch (TokenRejectedException e) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription("admin token required (" + e.getMessage()
          + "): homectl sends HOME_SHELVES_ADMIN_TOKEN or --admin-token, which must equal the server's"
          + " HOME_SHELVES_ADMIN_TOKEN (home-shelves.admin.token)"));
    }
    if (expectedDigest.isEmpty()) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription(
          "admin RPCs are disabled: no admin token is configured (home-shelves.admin.token)"));
    }
    // Comparing fixed-length digests with MessageDigest.isEqual takes the same time whatever
    // the presented token is, so its length and prefix cannot be probed by timing.
    if (!MessageDigest.isEqual(expectedDigest.get(), sha256(presented))) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription("wrong admin token: it must equal the"
          + " server's HOME_SHELVES_ADMIN_TOKEN (homectl sends HOME_SHELVES_ADMIN_TOKEN or --admin-token)"));
    }
    return next.startCall(call, headers);
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
