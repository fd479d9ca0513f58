package dev.homeshelves.service.auth;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Provides the gRPC interceptors that guard the services (Micronaut gRPC installs every
 * ServerInterceptor bean): the admin token always, user tokens when turned on.
 */
@Factory
final class AuthInterceptorsFactory {

  @Singleton
  AdminTokenInterceptor adminTokenInterceptor(@Value("${home-shelves.admin.token:}") String adminToken) {
    return new AdminTokenInterceptor(adminToken.trim());
  }

  @Singleton
  @Requires(property = "home-shelves.auth.user-tokens", value = "true")
  UserTokenInterceptor userTokenInterceptor(AuthSettings settings) {
    try {
      return new UserTokenInterceptor(new UserTokenVerifier(
          UserTokenVerifier.keysFrom(settings.jwks()), settings.issuer(), settings.audience(), settings.clockSkew()));
    } catch (IOException e) {
      throw new UncheckedIOException("home-shelves.auth.jwks: cannot load keys: " + e.getMessage(), e);
    }
  }
}
