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
 * an https URL, fetched and cached by Nimbus), not expired, with a subject. Unsigned
 * ({@code alg: none}) and HMAC tokens are refused: only the two asymmetric algorithms are
 * accepted, so a public key can never be used as a shared secret.
 */
public final class UserTokenVerifier {

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /**
   * @param keys where the verification keys come from
   * @param issuer required {@code iss}, or empty to accept any
   * @param audience required {@code aud}, or empty to accept any
   * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
   */
  public UserTokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, Duration clockSkew) {
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    if (!issuer.isEmpty()) {
      exact.issuer(issuer);
    }
    Set<String> required = new HashSet<>(Set.of("sub", "exp"));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(audience.isEmpty() ? null : audience, exact.build(), required);
    claims.setMaxClockSkew((int) clockSkew.toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * Loads keys from a JWKS location: {@code http://} or {@code https://} URLs are fetched (and
   * cached, refreshed on an unknown key id); anything else is a file path read once.
   */
  public static JWKSource<SecurityContext> keysFrom(String location) throws IOException {
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
