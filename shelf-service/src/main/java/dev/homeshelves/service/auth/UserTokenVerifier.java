package dev.homeshelves.service.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies user JWTs: signed with RS256 or ES256 by a key from the configured JWKS (a file or
 * an https URL, fetched and cached by Nimbus), issued by the configured issuer for the
 * configured audience, not expired and already valid ({@code nbf}), with a subject. Unsigned
 * ({@code alg: none}) and HMAC tokens are refused: only the two asymmetric algorithms are
 * accepted, so a public key can never be used as a shared secret.
 */
public final class UserTokenVerifier {

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /**
   * @param keys where the verification keys come from
   * @param issuer required {@code iss}
   * @param audience required {@code aud}
   * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
   */
  public UserTokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, Duration clockSkew) {
    if (issuer.isBlank() || audience.isBlank()) {
      throw new IllegalArgumentException("user tokens need an issuer and an audience to check");
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    JWTClaimsSet exact = new JWTClaimsSet.Builder().issuer(issuer).build();
    Set<String> required = new HashSet<>(Set.of("sub", "exp", "iss", "aud"));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience, exact, required);
    claims.setMaxClockSkew((int) clockSkew.toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * Refuses a JWKS location whose keys could be swapped on the way: a URL must be https, except
   * plain http to a loopback address (tests, a local identity provider).
   *
   * @throws IllegalArgumentException naming the setting and the rule
   */
  public static void checkLocation(String location) {
    if (!location.regionMatches(true, 0, "http://", 0, 7)) {
      return;
    }
    String host;
    try {
      host = new URI(location).getHost();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("home-shelves.auth.jwks: not a valid URL: " + location, e);
    }
    boolean loopback = host != null
        && (host.equals("localhost") || host.equals("[::1]") || host.equals("::1") || host.startsWith("127."));
    if (!loopback) {
      throw new IllegalArgumentException("home-shelves.auth.jwks must be an https:// URL (or a file):"
          + " plain http is only allowed to a loopback address, got " + location);
    }
  }

  /**
   * Loads keys from a JWKS location: {@code https://} (or loopback {@code http://}) URLs are
   * fetched (and cached, refreshed on an unknown key id); anything else is a file path read once.
   */
  public static JWKSource<SecurityContext> keysFrom(String location) throws IOException {
    checkLocation(location);
    if (location.startsWith("https://") || location.startsWith("http://")) {
      try {
        return JWKSourceBuilder.create(new URI(location).toURL()).retrying(true).build();
      } catch (URISyntaxException | MalformedURLException e) {
        throw new IOException("jwks: not a valid URL: " + location, e);
      }
    }
    try {
      return new ImmutableJWKSet<>(JWKSet.load(Path.of(location).toFile()));
    } catch (ParseException e) {
      throw new IOException("jwks: " + location + " is not a JWK set: " + e.getMessage(), e);
    }
  }

  /** The token's subject (the user id it was issued to), or why the token is refused. */
  public String verify(String token) throws TokenRejectedException {
    try {
      return processor.process(token, null).getSubject();
    } catch (ParseException e) {
      throw new TokenRejectedException("malformed token: " + e.getMessage());
    } catch (BadJOSEException e) {
      throw new TokenRejectedException("invalid token: " + e.getMessage());
    } catch (JOSEException e) {
      throw new TokenRejectedException("token could not be verified: " + e.getMessage());
    }
  }
}
