package dev.homeshelves.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.AdminServiceGrpc;
import dev.homeshelves.api.v1.RecomputeHomeRequest;
import dev.homeshelves.api.v1.RecomputeHomeResponse;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** RecomputeHome reaches the worker's recomputer: in a process running both roles, and on a worker-only replica. */
class RecomputeOnWorkerReplicaTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();
  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();

  @Test
  void recomputeHomeWritesTheUsersShelvesNow(@TempDir Path dir) throws Exception {
    Path catalog = Files.writeString(dir.resolve("songs.tsv"), "id\ttitle\tartist\nhello\tHello\tAdele\nskyfall\tSkyfall\tAdele\n");
    new PlayStore(BIGTABLE.dataClient(), 500).storeIfNew(UserSignal.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setUserId("u-now").setKind(SignalKind.PLAY)
        .setItemId("hello").setMsPlayed(180_000)
        .setOccurredAt(Timestamps.fromMillis(Instant.now().minusSeconds(60).toEpochMilli())).build()).get();

    try (RunningApp app = RunningApp.start(BIGTABLE, Map.of(
        HomeShelvesApp.WORKER_ENABLED, true,
        "home-shelves.pubsub.emulator-host", PUBSUB.host(),
        "home-shelves.pubsub.project", PubSubEmulatorExtension.PROJECT,
        "home-shelves.model.catalog", catalog.toString(),
        // Not a budget test: on a loaded machine every function overran the 250 ms default.
        "home-shelves.worker.function-budget", "5s",
        "home-shelves.admin.token", "t"))) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer t");

      RecomputeHomeResponse response = AdminServiceGrpc.newBlockingStub(app.channel())
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .recomputeHome(RecomputeHomeRequest.newBuilder().setUserId("u-now").build());

      assertThat(response.getShelvesWrittenList()).contains("recently-played");
    }
  }

  @Test
  void aWorkerOnlyReplicaAnswersRecomputeHome(@TempDir Path dir) throws Exception {
    Path catalog = Files.writeString(dir.resolve("songs.tsv"), "id\ttitle\tartist\nhello\tHello\tAdele\n");
    new PlayStore(BIGTABLE.dataClient(), 500).storeIfNew(UserSignal.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setUserId("u-worker").setKind(SignalKind.PLAY)
        .setItemId("hello").setMsPlayed(180_000)
        .setOccurredAt(Timestamps.fromMillis(Instant.now().minusSeconds(60).toEpochMilli())).build()).get();

    try (RunningApp app = RunningApp.start(BIGTABLE, Map.of(
        HomeShelvesApp.SERVE_ENABLED, false,
        HomeShelvesApp.WORKER_ENABLED, true,
        "home-shelves.pubsub.emulator-host", PUBSUB.host(),
        "home-shelves.pubsub.project", PubSubEmulatorExtension.PROJECT,
        "home-shelves.model.catalog", catalog.toString(),
        "home-shelves.admin.token", "t"))) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer t");

      RecomputeHomeResponse response = AdminServiceGrpc.newBlockingStub(app.channel())
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .recomputeHome(RecomputeHomeRequest.newBuilder().setUserId("u-worker").build());

      assertThat(response.getShelvesWrittenList()).contains("recently-played");
      assertThat(HealthGrpc.newBlockingStub(app.channel()).check(HealthCheckRequest.getDefaultInstance()).getStatus())
          .as("a worker needs only the config to be ready").isEqualTo(ServingStatus.SERVING);
    }
  }
}
