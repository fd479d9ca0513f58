package dev.homeshelves.service.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Settings of user tokens on HomeService ({@code home-shelves.auth.*} in application.yml).
 *
 * @param userTokens true to require a user JWT on GetHome
 * @param jwks JWKS file path or http(s) URL with the verification keys (required when on)
 * @param issuer required {@code iss} claim; empty accepts any
 * @param audience required {@code aud} claim; empty accepts any
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 */
@ConfigurationProperties("home-shelves.auth")
public record AuthSettings(boolean userTokens, String jwks, String issuer, String audience, Duration clockSkew) {

  /** Fills unset optional values and insists on keys when tokens are on. */
  public AuthSettings {
    jwks = jwks == null ? "" : jwks.trim();
    issuer = issuer == null ? "" : issuer;
    audience = audience == null ? "" : audience;
    clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
    if (userTokens && jwks.isEmpty()) {
      throw new IllegalArgumentException(
          "home-shelves.auth.jwks: required when home-shelves.auth.user-tokens is true (a JWKS file or URL)");
    }
  }
}
