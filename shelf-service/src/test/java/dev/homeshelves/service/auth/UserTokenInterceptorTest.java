package dev.homeshelves.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Shelf;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserTokenInterceptorTest {

  private static final String ISSUER = "https://id.example";
  private static final String AUDIENCE = "home-shelves";

  private static RSAKey rsaKey;
  private static ECKey ecKey;

  private final AtomicInteger servedCalls = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    if (rsaKey == null) {
      rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
      ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    }
    // The service only trusts the public halves, read from a JWKS file as in production.
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(java.util.List.of(rsaKey.toPublicJWK(), ecKey.toPublicJWK())).toString());
    UserTokenVerifier verifier =
        new UserTokenVerifier(UserTokenVerifier.keysFrom(jwks.toString()), ISSUER, AUDIENCE, Duration.ofSeconds(30));

    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(new EchoHome(), new UserTokenInterceptor(verifier)))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void ownHomeIsServedWithAnRs256Token() throws Exception {
    GetHomeResponse home = getHome("alice", sign(new RSASSASigner(rsaKey), JWSAlgorithm.RS256, rsaKey.getKeyID(),
        claims("alice", Instant.now().plusSeconds(300))));

    assertThat(home.getShelves(0).getId()).isEqualTo("home-of-alice");
  }

  @Test
  void ownHomeIsServedWithAnEs256Token() throws Exception {
    GetHomeResponse home = getHome("bob", sign(new ECDSASigner(ecKey), JWSAlgorithm.ES256, ecKey.getKeyID(),
        claims("bob", Instant.now().plusSeconds(300))));

    assertThat(home.getShelves(0).getId()).isEqualTo("home-of-bob");
  }

  @Test
  void anotherUsersHomeIsPermissionDenied() throws Exception {
    String aliceToken = sign(new RSASSASigner(rsaKey), JWSAlgorithm.RS256, rsaKey.getKeyID(),
        claims("alice", Instant.now().plusSeconds(300)));

    assertRefused(() -> getHome("bob", aliceToken), Status.Code.PERMISSION_DENIED, "user_id");
  }

  @Test
  void expiredTokenIsUnauthenticated() throws Exception {
    String expired = sign(new RSASSASigner(rsaKey), JWSAlgorithm.RS256, rsaKey.getKeyID(),
        claims("alice", Instant.now().minusSeconds(3600)));

    assertRefused(() -> getHome("alice", expired), Status.Code.UNAUTHENTICATED, "Expired");
  }

  @Test
  void tokenSignedByAnotherKeyIsUnauthenticated() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID(rsaKey.getKeyID()).generate();
    String forged = sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, stranger.getKeyID(),
        claims("alice", Instant.now().plusSeconds(300)));

    assertRefused(() -> getHome("alice", forged), Status.Code.UNAUTHENTICATED, "invalid token");
  }

  @Test
  void unsignedAlgNoneTokenIsUnauthenticated() {
    String unsigned = new PlainJWT(claims("alice", Instant.now().plusSeconds(300))).serialize();

    assertRefused(() -> getHome("alice", unsigned), Status.Code.UNAUTHENTICATED, "token");
  }

  @Test
  void hmacTokenIsUnauthenticatedEvenWithTheRightClaims() throws Exception {
    String hmac = sign(new MACSigner(new byte[32]), JWSAlgorithm.HS256, null,
        claims("alice", Instant.now().plusSeconds(300)));

    assertRefused(() -> getHome("alice", hmac), Status.Code.UNAUTHENTICATED, "invalid token");
  }

  @Test
  void hmacTokenKeyedWithTheServersPublicKeyIsUnauthenticated() throws Exception {
    // The classic algorithm confusion: the public key, known to anyone, used as an HMAC secret.
    byte[] publicKey = rsaKey.toRSAPublicKey().getEncoded();
    String confused = sign(new MACSigner(publicKey), JWSAlgorithm.HS256, rsaKey.getKeyID(),
        claims("alice", Instant.now().plusSeconds(300)));

    assertRefused(() -> getHome("alice", confused), Status.Code.UNAUTHENTICATED, "invalid token");
  }

  @Test
  void tokenForAnotherAudienceIsUnauthenticated() throws Exception {
    String otherApp = rs256(claimsBuilder("alice", Instant.now().plusSeconds(300)).audience("another-app").build());

    assertRefused(() -> getHome("alice", otherApp), Status.Code.UNAUTHENTICATED, "aud");
  }

  @Test
  void tokenWithoutAudienceIsUnauthenticated() throws Exception {
    String noAudience = rs256(claimsBuilder("alice", Instant.now().plusSeconds(300)).audience((String) null).build());

    assertRefused(() -> getHome("alice", noAudience), Status.Code.UNAUTHENTICATED, "aud");
  }

  @Test
  void tokenFromAnotherIssuerIsUnauthenticated() throws Exception {
    String otherIssuer = rs256(claimsBuilder("alice", Instant.now().plusSeconds(300)).issuer("https://evil.example").build());

    assertRefused(() -> getHome("alice", otherIssuer), Status.Code.UNAUTHENTICATED, "iss");
  }

  @Test
  void tokenNotYetValidIsUnauthenticated() throws Exception {
    String early = rs256(claimsBuilder("alice", Instant.now().plusSeconds(3600))
        .notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build());

    assertRefused(() -> getHome("alice", early), Status.Code.UNAUTHENTICATED, "before");
  }

  @Test
  void verifierRefusesToRunWithoutIssuerOrAudience() {
    assertThatThrownBy(() -> new UserTokenVerifier(new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(new JWKSet()),
        "", AUDIENCE, Duration.ZERO)).hasMessageContaining("issuer");
  }

  @Test
  void jwksOverPlainHttpIsOnlyAllowedToLoopback() {
    UserTokenVerifier.checkLocation("http://127.0.0.1:8080/jwks.json");
    UserTokenVerifier.checkLocation("http://localhost/jwks.json");
    UserTokenVerifier.checkLocation("https://id.example/jwks.json");
    assertThatThrownBy(() -> UserTokenVerifier.checkLocation("http://id.example/jwks.json"))
        .hasMessageContaining("https://");
  }

  @Test
  void missingTokenIsUnauthenticated() {
    assertRefused(() -> HomeServiceGrpc.newBlockingStub(channel)
        .getHome(GetHomeRequest.newBuilder().setUserId("alice").build()), Status.Code.UNAUTHENTICATED, "authorization");
  }

  private void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Status.Code code, String text) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(code);
          assertThat(e.getStatus().getDescription()).contains(text);
        });
    assertThat(servedCalls).as("refused calls never reach the service").hasValue(0);
  }

  private GetHomeResponse getHome(String userId, String token) {
    Metadata headers = new Metadata();
    headers.put(BearerTokens.AUTHORIZATION, "Bearer " + token);
    return HomeServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .getHome(GetHomeRequest.newBuilder().setUserId(userId).build());
  }

  private static JWTClaimsSet claims(String subject, Instant expiry) {
    return claimsBuilder(subject, expiry).build();
  }

  private static JWTClaimsSet.Builder claimsBuilder(String subject, Instant expiry) {
    return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE).expirationTime(Date.from(expiry));
  }

  private static String rs256(JWTClaimsSet claims) throws Exception {
    return sign(new RSASSASigner(rsaKey), JWSAlgorithm.RS256, rsaKey.getKeyID(), claims);
  }

  private static String sign(JWSSigner signer, JWSAlgorithm alg, String keyId, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(keyId).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** Answers with a shelf naming the user asked for, so a test sees whose Home it got. */
  private final class EchoHome extends HomeServiceGrpc.HomeServiceImplBase {
    @Override
    public void getHome(GetHomeRequest request, StreamObserver<GetHomeResponse> response) {
      servedCalls.incrementAndGet();
      response.onNext(GetHomeResponse.newBuilder()
          .addShelves(Shelf.newBuilder().setId("home-of-" + request.getUserId())).build());
      response.onCompleted();
    }
  }
}
