package dev.homeshelves.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When a replica says it may take traffic, and that the default Home follows the `default` row. */
class ReadinessTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aServiceStartedBeforeTheDefaultRowServesItWithinOneInterval() {
    try (RunningApp app = RunningApp.start(BIGTABLE, Map.of(
        "home-shelves.home.default-home-refresh", "3s",
        "home-shelves.home.default-home-retry", "300ms"))) {
      assertThat(getHome(app, "nobody-1").getShelvesCount()).isZero();

      new ShelfStore(BIGTABLE.dataClient()).writeDefaultHome(List.of(Shelf.newBuilder()
          .setId("trending-now").setFunctionId("trending-now").setTitle("Trending now").setScore(0.3)
          .addItems(Item.newBuilder().setId("hello")).addItems(Item.newBuilder().setId("skyfall"))
          .addItems(Item.newBuilder().setId("so-what")).build()));

      // Empty, so re-read every 300ms; well within one 3s interval.
      GetHomeResponse home = Awaitility.await().atMost(Duration.ofSeconds(3))
          .until(() -> getHome(app, "nobody-1"), response -> response.getShelvesCount() == 1);
      assertThat(home.getSource()).isEqualTo(Source.SOURCE_DEFAULT);
      assertThat(home.getShelves(0).getId()).isEqualTo("trending-now");
    }
  }

  @Test
  void aReplicaThatCannotReadItsConfigStaysNotServingUntilItHasReadIt() throws Exception {
    BIGTABLE.stop();
    try (RunningApp app = RunningApp.start(BIGTABLE, Map.of(
        "home-shelves.bigtable.create-tables", false,
        "home-shelves.experiments.poll-interval", "200ms",
        "home-shelves.experiments.read-deadline", "300ms",
        "home-shelves.home.default-home-retry", "200ms",
        "home-shelves.home.default-home-read-deadline", "300ms"))) {
      assertThat(grpcHealth(app)).isEqualTo(ServingStatus.NOT_SERVING);
      HttpResponse<String> down = health(app);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("config table").contains("default Home");

      BIGTABLE.restart();

      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> grpcHealth(app) == ServingStatus.SERVING);
      assertThat(health(app).statusCode()).isEqualTo(200);
    }
  }

  private static GetHomeResponse getHome(RunningApp app, String user) {
    return HomeServiceGrpc.newBlockingStub(app.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
        .getHome(GetHomeRequest.newBuilder().setUserId(user).build());
  }

  private static ServingStatus grpcHealth(RunningApp app) {
    return HealthGrpc.newBlockingStub(app.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus();
  }

  private static HttpResponse<String> health(RunningApp app) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
