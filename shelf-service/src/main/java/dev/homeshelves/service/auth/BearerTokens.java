package dev.homeshelves.service.auth;

import io.grpc.Metadata;

/** Reads the bearer token of a gRPC call from its {@code authorization} header. */
final class BearerTokens {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String PREFIX = "bearer ";

  private BearerTokens() {}

  /** The token after "Bearer " (scheme matched case-insensitively). */
  static String from(Metadata headers) throws TokenRejectedException {
    String header = headers.get(AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw new TokenRejectedException("missing \"authorization: Bearer <token>\" header");
    }
    if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new TokenRejectedException("the authorization header must be \"Bearer <token>\"");
    }
    return header.substring(PREFIX.length()).trim();
  }
}
