package dev.homeshelves.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.api.v1.AdminServiceGrpc;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.ListFunctionsRequest;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC port over TLS, with certificates this test generates (keytool, as an operator could). */
class GrpcServerTlsTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  @TempDir static Path dir;

  @Test
  void getHomeAndAnAdminCallWorkOverTls() throws Exception {
    Pem server = Pem.selfSigned(dir, "server");
    try (RunningApp app = RunningApp.start(BIGTABLE, Map.of(
        "home-shelves.tls.cert", server.cert().toString(),
        "home-shelves.tls.key", server.key().toString(),
        "home-shelves.admin.token", "t"))) {
      ManagedChannel tls = channel(app, TlsChannelCredentials.newBuilder().trustManager(server.cert().toFile()).build());
      try {
        assertThat(getHome(tls).getSource()).isEqualTo(Source.SOURCE_DEFAULT);
        assertThat(listFunctions(tls)).isPositive();
        assertThatThrownBy(() -> getHome(app.channel()))
            .as("plaintext is refused on a TLS port")
            .isInstanceOf(StatusRuntimeException.class);
      } finally {
        tls.shutdownNow();
      }
    }
  }

  @Test
  void withAClientCaOnlyClientsWithACertificateGetIn() throws Exception {
    Pem server = Pem.selfSigned(dir, "server-m");
    Pem client = Pem.selfSigned(dir, "client");
    try (RunningApp app = RunningApp.start(BIGTABLE, Map.of(
        "home-shelves.tls.cert", server.cert().toString(),
        "home-shelves.tls.key", server.key().toString(),
        "home-shelves.tls.client-ca", client.cert().toString()))) {
      ManagedChannel withCert = channel(app, TlsChannelCredentials.newBuilder()
          .trustManager(server.cert().toFile()).keyManager(client.cert().toFile(), client.key().toFile()).build());
      ManagedChannel withoutCert = channel(app, TlsChannelCredentials.newBuilder()
          .trustManager(server.cert().toFile()).build());
      try {
        assertThat(getHome(withCert).getSource()).isEqualTo(Source.SOURCE_DEFAULT);
        assertThatThrownBy(() -> getHome(withoutCert))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      } finally {
        withCert.shutdownNow();
        withoutCert.shutdownNow();
      }
    }
  }

  @Test
  void aKeyWithoutItsCertificateStopsStartUpNamingTheSetting() {
    assertThatThrownBy(() -> RunningApp.start(BIGTABLE, Map.of("home-shelves.tls.key", "/nowhere/key.pem")).close())
        .hasStackTraceContaining("home-shelves.tls.cert (HOME_SHELVES_TLS_CERT) is required");
  }

  private static ManagedChannel channel(RunningApp app, ChannelCredentials credentials) {
    // The certificate names 127.0.0.1 and localhost.
    return Grpc.newChannelBuilderForAddress("localhost", app.grpcPort(), credentials).build();
  }

  private static dev.homeshelves.api.v1.GetHomeResponse getHome(io.grpc.Channel channel) {
    return HomeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getHome(GetHomeRequest.newBuilder().setUserId("tls-user").build());
  }

  private static int listFunctions(io.grpc.Channel channel) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer t");
    return AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .listFunctions(ListFunctionsRequest.getDefaultInstance()).getFunctionsCount();
  }

  /** A certificate and its key as PEM files. */
  record Pem(Path cert, Path key) {

    /** A self-signed RSA certificate for localhost / 127.0.0.1, made with the JDK's keytool. */
    static Pem selfSigned(Path dir, String name) throws Exception {
      Path store = dir.resolve(name + ".p12");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
          "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
          "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor()).as("keytool: " + output).isZero();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(store)) {
        keys.load(in, "changeit".toCharArray());
      }
      Path cert = Files.writeString(dir.resolve(name + ".crt"),
          pem("CERTIFICATE", keys.getCertificate(name).getEncoded()));
      Path key = Files.writeString(dir.resolve(name + ".key"),
          pem("PRIVATE KEY", keys.getKey(name, "changeit".toCharArray()).getEncoded()));
      return new Pem(cert, key);
    }

    private static String pem(String type, byte[] der) {
      return "-----BEGIN " + type + "-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
          + "\n-----END " + type + "-----\n";
    }
  }
}
