package dev.homeshelves.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Source;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApplicationStartTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  static RunningApp app;

  @BeforeAll
  static void start() {
    app = RunningApp.start(BIGTABLE, Map.of());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void grpcHealthReportsServing() {
    var status =
        HealthGrpc.newBlockingStub(app.channel())
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance())
            .getStatus();

    assertThat(status).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void reflectionListsHomeService() throws Exception {
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(app.channel())
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse response) {
                    services.complete(
                        response.getListServicesResponse().getServiceList().stream()
                            .map(ServiceResponse::getName)
                            .toList());
                  }

                  @Override
                  public void onError(Throwable t) {
                    services.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();

    assertThat(services.get(5, TimeUnit.SECONDS))
        .contains("homeshelves.v1.HomeService", "grpc.health.v1.Health");
  }

  @Test
  void httpServesHealthAndPrometheus() throws Exception {
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> health =
        http.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> prometheus =
        http.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
  }

  @Test
  void getHomeAnswersUnknownUserWithDefaultHome() {
    var response =
        HomeServiceGrpc.newBlockingStub(app.channel())
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .getHome(GetHomeRequest.newBuilder().setUserId("never-seen").build());

    assertThat(response.getSource()).isEqualTo(Source.SOURCE_DEFAULT);
  }

  @Test
  void badRequestGetsInvalidArgumentThroughTheApplicationsErrorMapping() {
    var stub = HomeServiceGrpc.newBlockingStub(app.channel()).withDeadlineAfter(5, TimeUnit.SECONDS);

    assertThatThrownBy(() -> stub.getHome(GetHomeRequest.newBuilder().setUserId("has space").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith("user_id:");
            });
  }
}
