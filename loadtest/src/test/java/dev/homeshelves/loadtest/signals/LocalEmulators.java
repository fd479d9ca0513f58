package dev.homeshelves.loadtest.signals;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminSettings;
import com.google.cloud.bigtable.admin.v2.models.CreateTableRequest;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import com.google.cloud.bigtable.emulator.v2.Emulator;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The real Bigtable emulator (bundled) and Pub/Sub emulator (the Google Cloud CLI's, started
 * by the project's {@code bin/pubsub-emulator}) on free loopback ports, with the {@code shelves} table, topic and subscription a run needs.
 */
public final class LocalEmulators implements AutoCloseable {
  public static final String PROJECT = "loadtest-project";
  public static final String INSTANCE = "loadtest-instance";
  // Tests run in the module directory, one below the project root.
  private static final Path PUBSUB_LAUNCHER =
      Path.of("").toAbsolutePath().getParent().resolve("bin/pubsub-emulator");

  final Emulator bigtable;
  final Process pubsub;
  final int pubsubPort;
  final ManagedChannel pubsubChannel;
  final TransportChannelProvider pubsubTransport;

  private LocalEmulators(Emulator bigtable, Process pubsub, int pubsubPort) {
    this.bigtable = bigtable;
    this.pubsub = pubsub;
    this.pubsubPort = pubsubPort;
    this.pubsubChannel =
        NettyChannelBuilder.forAddress("127.0.0.1", pubsubPort).usePlaintext().build();
    this.pubsubTransport =
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(pubsubChannel));
  }

  public static LocalEmulators start() throws Exception {
    Emulator bigtable = Emulator.createBundled();
    bigtable.start();
    int port = freePort();
    Process pubsub = new ProcessBuilder(PUBSUB_LAUNCHER.toString(), "--port", String.valueOf(port))
        .redirectErrorStream(true)
        .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "loadtest-pubsub-" + port + ".log"))
        .start();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> accepts(port));
    LocalEmulators emulators = new LocalEmulators(bigtable, pubsub, port);
    emulators.createShelvesTable();
    return emulators;
  }

  public String bigtableTarget() {
    return "127.0.0.1:" + bigtable.getPort();
  }

  String pubsubTarget() {
    return "127.0.0.1:" + pubsubPort;
  }

  public BigtableDataClient dataClient() throws IOException {
    return BigtableDataClient.create(
        BigtableDataSettings.newBuilderForEmulator("127.0.0.1", bigtable.getPort())
            .setProjectId(PROJECT).setInstanceId(INSTANCE).build());
  }

  void createTopicAndSubscription(String topic, String subscription) throws IOException {
    try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
            .setTransportChannelProvider(pubsubTransport)
            .setCredentialsProvider(NoCredentialsProvider.create()).build());
        SubscriptionAdminClient subs = SubscriptionAdminClient.create(
            SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(pubsubTransport)
                .setCredentialsProvider(NoCredentialsProvider.create()).build())) {
      topics.createTopic(TopicName.of(PROJECT, topic));
      subs.createSubscription(SubscriptionName.of(PROJECT, subscription),
          TopicName.of(PROJECT, topic), PushConfig.getDefaultInstance(), 10);
    }
  }

  private void createShelvesTable() throws IOException {
    try (BigtableTableAdminClient admin = BigtableTableAdminClient.create(
        BigtableTableAdminSettings.newBuilderForEmulator("127.0.0.1", bigtable.getPort())
            .setProjectId(PROJECT).setInstanceId(INSTANCE).build())) {
      admin.createTable(CreateTableRequest.of("shelves").addFamily("s"));
    }
  }

  @Override
  public void close() throws Exception {
    pubsubChannel.shutdownNow();
    pubsub.destroy();
    if (!pubsub.waitFor(10, TimeUnit.SECONDS)) {
      pubsub.destroyForcibly();
    }
    bigtable.stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

}
