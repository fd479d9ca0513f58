package dev.homeshelves.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.homeshelves.api.v1.AdminServiceGrpc;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.ListFunctionsRequest;
import dev.homeshelves.api.v1.ListFunctionsResponse;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.ShelfFunctionInfo;
import dev.homeshelves.api.v1.Source;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * homectl as a user runs it, against a small gRPC server over TLS with a certificate the test
 * makes (JDK keytool): GetHome and an admin call with --ca, the token from a file, and the
 * one-line errors when the token or the server is missing.
 */
class HomeCtlTest {

  @TempDir static Path dir;
  private static Server server;
  private static Path ca;
  private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startTlsServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
    ca = dir.resolve("ca.pem");
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-file", ca.toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());

    server = Grpc.newServerBuilderForPort(0, TlsServerCredentials.newBuilder().keyManager(keys.getKeyManagers()).build())
        .addService(new HomeServiceGrpc.HomeServiceImplBase() {
          @Override
          public void getHome(GetHomeRequest request, StreamObserver<GetHomeResponse> out) {
            out.onNext(GetHomeResponse.newBuilder().setSource(Source.SOURCE_FRESH).addShelves(Shelf.newBuilder()
                .setId("recently-played").setFunctionId("recently-played").setTitle("Jump back in")
                .addItems(Item.newBuilder().setId("1054").setTitle("War Thunder").setSubtitle("Storm Serpent"))).build());
            out.onCompleted();
          }
        })
        .addService(ServerInterceptors.intercept(new AdminServiceGrpc.AdminServiceImplBase() {
          @Override
          public void listFunctions(ListFunctionsRequest request, StreamObserver<ListFunctionsResponse> out) {
            out.onNext(ListFunctionsResponse.newBuilder()
                .addFunctions(ShelfFunctionInfo.newBuilder().setId("made-for-you").setTitle("Made for you")).build());
            out.onCompleted();
          }
        }, new io.grpc.ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
              io.grpc.ServerCallHandler<Q, R> next) {
            AUTHORIZATIONS.add(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
            return next.startCall(call, headers);
          }
        }))
        .build()
        .start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("keytool " + String.join(" ", args) + ": " + output).isZero();
  }

  private String target() {
    return "localhost:" + server.getPort();
  }

  /** Runs homectl with {@code args}; returns exit code, stdout and stderr. */
  private static Run homectl(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    PrintStream systemOut = System.out;
    PrintStream systemErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var commandLine = HomeCtl.commandLine()
          .setOut(new PrintWriter(System.out, true))
          .setErr(new PrintWriter(System.err, true));
      int code = commandLine.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(systemOut);
      System.setErr(systemErr);
    }
  }

  record Run(int code, String out, String err) {}

  @Test
  void homeOverTlsWithTheTestsCaShowsEachCardsId() {
    Run run = homectl("home", "--user", "user-7", "--target", target(), "--ca", ca.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("Jump back in").contains("   - 1054  War Thunder — Storm Serpent");
  }

  @Test
  void aPlaintextCallToTheTlsServerSaysNothingAnsweredAndSuggestsTls() {
    Run run = homectl("home", "--user", "user-7", "--target", target());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("homectl: nothing answered at " + target() + " (GetHome: UNAVAILABLE")
        .contains("needs --tls").hasLineCount(1);
  }

  @Test
  void anAdminCallOverTlsSendsTheTokenFromTheFile() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret\n");

    Run run = homectl("functions", "--target", target(), "--ca", ca.toString(), "--admin-token-file", tokenFile.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("made-for-you");
    assertThat(AUTHORIZATIONS).contains("Bearer s3cret");
  }

  @Test
  void anAdminCommandWithoutATokenSaysWhichVariableOrFlagAndCallsNothing() {
    int calls = AUTHORIZATIONS.size();
    Run run = homectl("functions", "--target", target(), "--ca", ca.toString(), "--admin-token-file",
        dir.resolve("missing").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("homectl: no such file: " + dir.resolve("missing") + " (--admin-token-file)"
        + System.lineSeparator());
    assertThat(AUTHORIZATIONS).hasSize(calls);
  }

  @Test
  void playWithoutAnEmulatorOrProjectSaysWhichVariableIsMissingInsteadOfCallingRealPubSub() {
    assumeTrue(System.getenv("PUBSUB_EMULATOR_HOST") == null && System.getenv("GOOGLE_CLOUD_PROJECT") == null,
        "needs an environment without PUBSUB_EMULATOR_HOST and GOOGLE_CLOUD_PROJECT");

    Run run = homectl("play", "--user", "user-7", "--track", "123");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("homectl: no Pub/Sub emulator: set PUBSUB_EMULATOR_HOST or pass --emulator HOST:PORT")
        .contains("for real Pub/Sub pass --project PROJECT").hasLineCount(1);
  }

  @Test
  void aMalformedTraceparentIsRefusedBeforeAnythingIsPublished() {
    Run run = homectl("play", "--user", "user-7", "--track", "123", "--traceparent", "4bf92f3577b34da6");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("homectl: --traceparent: not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>): "
        + "4bf92f3577b34da6" + System.lineSeparator());
  }

  @Test
  void everyAdminCommandsHelpSaysItNeedsTheToken() {
    for (String[] command : List.of(new String[] {"functions"}, new String[] {"explain"}, new String[] {"recompute"},
        new String[] {"kill"}, new String[] {"revive"}, new String[] {"experiments"}, new String[] {"experiments", "put"},
        new String[] {"experiments", "list"}, new String[] {"experiments", "get"}, new String[] {"experiments", "delete"})) {
      List<String> args = new ArrayList<>(List.of(command));
      args.add("--help");
      Run run = homectl(args.toArray(String[]::new));
      assertThat(run.out()).as(String.join(" ", command)).contains("Needs the admin token: env HOME_SHELVES_ADMIN_TOKEN");
    }
  }
}
