package dev.homeshelves.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole application with user tokens turned on in configuration. */
class UserTokensAppTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  @Test
  void getHomeNeedsTheUsersOwnTokenWhenUserTokensAreOn(@TempDir Path dir) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("app-key").generate();
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());

    try (RunningApp app = RunningApp.start(BIGTABLE, Map.of(
        "home-shelves.auth.user-tokens", true,
        "home-shelves.auth.jwks", jwks.toString(),
        "home-shelves.auth.issuer", "https://id.example",
        "home-shelves.auth.audience", "home-shelves",
        // A cold JVM on a busy CI machine must not turn the read into a fallback.
        "home-shelves.home.read-deadline", "5s"))) {
      new ShelfStore(BIGTABLE.dataClient()).writeShelf("alice", Shelf.newBuilder()
          .setId("made-for-you").setFunctionId("made-for-you").setTitle("Made for alice")
          .addItems(Item.newBuilder().setId("t1").setTitle("Hello"))
          .addItems(Item.newBuilder().setId("t2").setTitle("Skyfall"))
          .addItems(Item.newBuilder().setId("t3").setTitle("So What")).build());
      String aliceToken = token(key, "alice");

      GetHomeResponse own = getHome(app, "alice", aliceToken);

      assertThat(own.getShelvesList()).extracting(Shelf::getTitle).containsExactly("Made for alice");
      assertThatThrownBy(() -> getHome(app, "bob", aliceToken))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
      assertThatThrownBy(() -> HomeServiceGrpc.newBlockingStub(app.channel())
              .getHome(GetHomeRequest.newBuilder().setUserId("alice").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
  }

  @Test
  void startupFailsWithoutIssuerOrAudienceWhenUserTokensAreOn(@TempDir Path dir) throws Exception {
    Path jwks = Files.writeString(dir.resolve("jwks.json"),
        new JWKSet(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK()).toString());

    assertThatThrownBy(() -> RunningApp.start(BIGTABLE, Map.of(
        "home-shelves.auth.user-tokens", true, "home-shelves.auth.jwks", jwks.toString(),
        "home-shelves.auth.issuer", "https://id.example")).close())
        .hasStackTraceContaining("home-shelves.auth.audience (HOME_SHELVES_AUTH_AUDIENCE) is required");
    assertThatThrownBy(() -> RunningApp.start(BIGTABLE, Map.of(
        "home-shelves.auth.user-tokens", true, "home-shelves.auth.jwks", jwks.toString(),
        "home-shelves.auth.audience", "home-shelves")).close())
        .hasStackTraceContaining("home-shelves.auth.issuer (HOME_SHELVES_AUTH_ISSUER) is required");
  }

  @Test
  void startupFailsWithAPlainHttpJwksUrlToAnotherHost() {
    assertThatThrownBy(() -> RunningApp.start(BIGTABLE, Map.of(
        "home-shelves.auth.user-tokens", true, "home-shelves.auth.jwks", "http://id.example/jwks.json",
        "home-shelves.auth.issuer", "https://id.example", "home-shelves.auth.audience", "home-shelves")).close())
        .hasStackTraceContaining("home-shelves.auth.jwks must be an https:// URL");
  }

  private static String token(ECKey key, String subject) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().subject(subject).issuer("https://id.example").audience("home-shelves")
            .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private static GetHomeResponse getHome(RunningApp app, String userId, String token) {
    Metadata headers = new Metadata();
    headers.put(BearerTokens.AUTHORIZATION, "Bearer " + token);
    return HomeServiceGrpc.newBlockingStub(app.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .getHome(GetHomeRequest.newBuilder().setUserId(userId).build());
  }
}
