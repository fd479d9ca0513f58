package dev.homeshelves.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.service.auth.AdminTokenInterceptor;
import dev.homeshelves.service.auth.UserTokenInterceptor;
import dev.homeshelves.service.store.StoreReadException;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The declared order of the call chain, and what a caller sees for malformed bodies and errors. */
class GrpcCallChainTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  static RunningApp app;

  @BeforeAll
  static void start() {
    app = RunningApp.start(BIGTABLE, Map.of("home-shelves.admin.token", "t"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void errorMappingWrapsTheAuthInterceptorsInThisOrder() {
    assertThat(app.context().getBean(GrpcCallChain.class).interceptors())
        .extracting(Object::getClass)
        .containsExactly(GrpcErrorMapping.class, AdminTokenInterceptor.class);
  }

  @Test
  void userTokensComeLastWhenOn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path jwks = java.nio.file.Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
    var chain = new GrpcCallChain(
        new dev.homeshelves.service.auth.AuthSettings(true, jwks.toString(), "https://id.example", "app", null), "t",
        dev.homeshelves.service.tracing.Tracing.off());

    assertThat(chain.interceptors()).extracting(Object::getClass)
        .containsExactly(GrpcErrorMapping.class, AdminTokenInterceptor.class, UserTokenInterceptor.class);
  }

  @Test
  void aGetHomeBodyThatDoesNotParseIsInvalidArgumentNamingTheType() {
    StatusRuntimeException e = callRaw("homeshelves.v1.HomeService/GetHome", new byte[] {(byte) 0xff, (byte) 0xff, 0x0f}, false);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).startsWith("the request body is not a homeshelves.v1.GetHomeRequest: ");
  }

  @Test
  void randomBodiesAreNeverUnknownOrInternal() {
    Random random = new Random(13);
    int unparseable = 0;
    for (int i = 0; i < 200; i++) {
      byte[] body = new byte[1 + random.nextInt(40)];
      random.nextBytes(body);
      boolean parses = parses(body);
      StatusRuntimeException e = callRaw("homeshelves.v1.HomeService/GetHome", body, false);
      if (e == null) {
        continue; // a valid request by chance
      }
      assertThat(e.getStatus().getCode()).as("body %d", i).isEqualTo(Status.Code.INVALID_ARGUMENT);
      if (!parses) {
        unparseable++;
        assertThat(e.getStatus().getDescription()).contains("not a homeshelves.v1.GetHomeRequest");
      }
    }
    assertThat(unparseable).as("most random bytes are no protobuf message").isGreaterThan(100);
  }

  @Test
  void everyServiceAnswersMalformedBodiesWithInvalidArgument() {
    assertThat(callRaw("homeshelves.v1.AdminService/ListFunctions", new byte[] {0x0a, 0x05, 'a'}, true).getStatus())
        .satisfies(s -> assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .satisfies(s -> assertThat(s.getDescription()).contains("not a homeshelves.v1.ListFunctionsRequest"));
    assertThat(callRaw("grpc.health.v1.Health/Check", new byte[] {0x0a, 0x05, 'a'}, false).getStatus())
        .satisfies(s -> assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .satisfies(s -> assertThat(s.getDescription()).contains("not a grpc.health.v1.HealthCheckRequest"));
  }

  @Test
  void anUnauthenticatedMalformedAdminCallIsToldAboutTheTokenOnly() {
    StatusRuntimeException e = callRaw("homeshelves.v1.AdminService/ListFunctions", new byte[] {0x0a, 0x05, 'a'}, false);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).contains("HOME_SHELVES_ADMIN_TOKEN").contains("--admin-token");
  }

  @Test
  void exceptionsMapToTheirStatus() {
    assertThat(GrpcErrorMapping.toStatus(new InvalidArgumentException("user_id", "is required")))
        .satisfies(s -> assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .satisfies(s -> assertThat(s.getDescription()).isEqualTo("user_id: is required"));
    assertThat(GrpcErrorMapping.toStatus(new NotFoundException("experiment", "x")).getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(GrpcErrorMapping.toStatus(new StoreReadException("Bigtable read exceeded 40 ms", true, null)).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(GrpcErrorMapping.toStatus(new RuntimeException("wrapped", ApiExceptionFactory.createException(
        "down", null, GrpcStatusCode.of(Status.Code.UNAVAILABLE), true))).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void internalChecksAreInternalWithoutTheirMessage() {
    Status invariant = GrpcErrorMapping.toStatus(new InvariantViolationException("shelf.id is required to store a shelf"));
    Status illegal = GrpcErrorMapping.toStatus(new IllegalArgumentException("some library's check"));

    assertThat(invariant.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(invariant.getDescription()).doesNotContain("shelf.id").contains("internal error");
    assertThat(illegal.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(illegal.getDescription()).doesNotContain("library");
  }

  private static boolean parses(byte[] body) {
    try {
      GetHomeRequest.parseFrom(body);
      return true;
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  /** Sends {@code body} as the request of {@code method}; null when the call succeeded. */
  private static StatusRuntimeException callRaw(String method, byte[] body, boolean withToken) {
    MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(method)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
    io.grpc.Channel channel = app.channel();
    if (withToken) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer t");
      channel = io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    ClientCall<byte[], byte[]> call = channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    try {
      ClientCalls.blockingUnaryCall(call, body);
      return null;
    } catch (StatusRuntimeException e) {
      return e;
    }
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
}
