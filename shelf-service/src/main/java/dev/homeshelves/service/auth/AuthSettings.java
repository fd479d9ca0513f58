package dev.homeshelves.service.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Settings of user tokens on HomeService ({@code home-shelves.auth.*} in application.yml).
 *
 * @param userTokens true to require a user JWT on GetHome
 * @param jwks JWKS file path or https URL with the verification keys (required when on; plain
 *     http only to a loopback address, for tests and local identity providers)
 * @param issuer required {@code iss} claim (required when on)
 * @param audience required {@code aud} claim: this service's id at the identity provider
 *     (required when on, so a token minted for another app sharing the provider is refused)
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 */
@ConfigurationProperties("home-shelves.auth")
public record AuthSettings(boolean userTokens, String jwks, String issuer, String audience, Duration clockSkew) {

  /** Fills unset optional values; with tokens on, insists on keys, issuer and audience. */
  public AuthSettings {
    jwks = jwks == null ? "" : jwks.trim();
    issuer = issuer == null ? "" : issuer.trim();
    audience = audience == null ? "" : audience.trim();
    clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
    if (userTokens) {
      require("jwks", "HOME_SHELVES_AUTH_JWKS", jwks, "a JWKS file or https URL");
      require("issuer", "HOME_SHELVES_AUTH_ISSUER", issuer, "the identity provider's `iss`");
      require("audience", "HOME_SHELVES_AUTH_AUDIENCE", audience, "this service's `aud` at the identity provider");
      UserTokenVerifier.checkLocation(jwks);
    }
  }

  private static void require(String name, String env, String value, String what) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("home-shelves.auth." + name + " (" + env + ") is required when"
          + " home-shelves.auth.user-tokens is true: set it to " + what);
    }
  }
}
