package dev.homeshelves.loadtest.signals;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.api.gax.batching.BatchingSettings;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import dev.homeshelves.loadtest.load.LoopbackTarget;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Clients of the local Pub/Sub and Bigtable emulators, the way the Google client libraries
 * talk to emulators: plaintext, no credentials.
 */
public final class Emulators implements AutoCloseable {
  private final ManagedChannel pubsubChannel;
  private final TransportChannelProvider pubsubTransport;
  private final CredentialsProvider noCredentials = NoCredentialsProvider.create();
  private final String project;

  public Emulators(LoopbackTarget pubsub, String project) {
    this.project = project;
    this.pubsubChannel = NettyChannelBuilder.forAddress(pubsub.host(), pubsub.port())
        .usePlaintext()
        .build();
    this.pubsubTransport =
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(pubsubChannel));
  }

  /**
   * Fails with a clear message when {@code subscription} does not exist: Pub/Sub drops what is
   * published to a topic nobody subscribes to, so the run would measure nothing.
   */
  public void requireSubscription(String subscription, String topic) throws IOException {
    SubscriptionAdminSettings settings = SubscriptionAdminSettings.newBuilder()
        .setTransportChannelProvider(pubsubTransport)
        .setCredentialsProvider(noCredentials)
        .build();
    try (SubscriptionAdminClient admin = SubscriptionAdminClient.create(settings)) {
      String subscribedTopic = admin.getSubscription(SubscriptionName.of(project, subscription)).getTopic();
      if (!subscribedTopic.equals(TopicName.of(project, topic).toString())) {
        throw new IllegalStateException("subscription " + subscription + " reads " + subscribedTopic
            + ", not topic " + topic);
      }
    } catch (NotFoundException e) {
      throw new IllegalStateException("no subscription " + subscription + " in project " + project
          + " on the Pub/Sub emulator: start the worker first (`bin/home-shelves worker`), it"
          + " creates it", e);
    }
  }

  /** An admin client of the emulator's subscriptions; the caller closes it. */
  public SubscriptionAdminClient subscriptionAdmin() throws IOException {
    return SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
        .setTransportChannelProvider(pubsubTransport)
        .setCredentialsProvider(noCredentials)
        .build());
  }

  /** A publisher to {@code topic}, batching as an app's backend would (up to 5 ms, 100 messages). */
  public Publisher publisher(String topic) throws IOException {
    return Publisher.newBuilder(TopicName.of(project, topic))
        .setChannelProvider(pubsubTransport)
        .setCredentialsProvider(noCredentials)
        .setBatchingSettings(BatchingSettings.newBuilder()
            .setElementCountThreshold(100L)
            .setRequestByteThreshold(1_000_000L)
            .setDelayThresholdDuration(Duration.ofMillis(5))
            .build())
        .build();
  }

  /** A Bigtable data client of {@code project}'s {@code instance} on the emulator at {@code bigtable}. */
  public static BigtableDataClient bigtable(LoopbackTarget bigtable, String project, String instance)
      throws IOException {
    return BigtableDataClient.create(
        BigtableDataSettings.newBuilderForEmulator(bigtable.host(), bigtable.port())
            .setProjectId(project)
            .setInstanceId(instance)
            .build());
  }

  @Override
  public void close() throws InterruptedException {
    pubsubChannel.shutdownNow();
    pubsubChannel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
