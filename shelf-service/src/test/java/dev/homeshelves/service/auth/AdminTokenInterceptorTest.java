package dev.homeshelves.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.api.v1.AdminServiceGrpc;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.ListFunctionsRequest;
import dev.homeshelves.api.v1.ListFunctionsResponse;
import dev.homeshelves.api.v1.ShelfFunctionInfo;
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
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminTokenInterceptorTest {

  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void adminCallWithTheConfiguredTokenIsServed() throws IOException {
    start("s3cret-admin");

    assertThat(admin("Bearer s3cret-admin").listFunctions(ListFunctionsRequest.getDefaultInstance())
        .getFunctions(0).getId()).isEqualTo("trending-now");
  }

  @Test
  void adminCallWithoutTokenIsUnauthenticated() throws IOException {
    start("s3cret-admin");

    assertRefused(AdminServiceGrpc.newBlockingStub(channel), Status.Code.UNAUTHENTICATED);
    assertThatThrownBy(() -> AdminServiceGrpc.newBlockingStub(channel).listFunctions(ListFunctionsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
            .as("says how to send the token").contains("HOME_SHELVES_ADMIN_TOKEN").contains("--admin-token"));
  }

  @Test
  void adminCallWithAWrongTokenIsPermissionDenied() throws IOException {
    start("s3cret-admin");

    assertRefused(admin("Bearer s3cret-admiN"), Status.Code.PERMISSION_DENIED);
    assertRefused(admin("Bearer s3cret-admin-and-more"), Status.Code.PERMISSION_DENIED);
    assertRefused(admin("Basic s3cret-admin"), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void adminCallsAreRefusedWhenNoAdminTokenIsConfigured() throws IOException {
    start("");

    assertRefused(admin("Bearer "), Status.Code.UNAUTHENTICATED);
    assertRefused(admin("Bearer anything"), Status.Code.PERMISSION_DENIED);
  }

  @Test
  void homeServiceDoesNotNeedTheAdminToken() throws IOException {
    start("s3cret-admin");

    GetHomeResponse home = HomeServiceGrpc.newBlockingStub(channel)
        .getHome(GetHomeRequest.newBuilder().setUserId("alice").build());
    assertThat(home).isNotNull();
  }

  private void assertRefused(AdminServiceGrpc.AdminServiceBlockingStub stub, Status.Code code) {
    assertThatThrownBy(() -> stub.listFunctions(ListFunctionsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  private AdminServiceGrpc.AdminServiceBlockingStub admin(String authorization) {
    Metadata headers = new Metadata();
    headers.put(BearerTokens.AUTHORIZATION, authorization);
    return AdminServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private void start(String adminToken) throws IOException {
    String name = InProcessServerBuilder.generateName();
    AdminTokenInterceptor guard = new AdminTokenInterceptor(adminToken);
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(new OneFunctionAdmin(), guard))
        .addService(ServerInterceptors.intercept(new EmptyHome(), guard))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  private static final class OneFunctionAdmin extends AdminServiceGrpc.AdminServiceImplBase {
    @Override
    public void listFunctions(ListFunctionsRequest request, StreamObserver<ListFunctionsResponse> response) {
      response.onNext(ListFunctionsResponse.newBuilder()
          .addFunctions(ShelfFunctionInfo.newBuilder().setId("trending-now")).build());
      response.onCompleted();
    }
  }

  private static final class EmptyHome extends HomeServiceGrpc.HomeServiceImplBase {
    @Override
    public void getHome(GetHomeRequest request, StreamObserver<GetHomeResponse> response) {
      response.onNext(GetHomeResponse.getDefaultInstance());
      response.onCompleted();
    }
  }
}
