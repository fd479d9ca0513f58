package dev.homeshelves.service.signals;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Builds Pub/Sub publishers, subscribers and admin clients for one project, against the
 * emulator (plaintext, no credentials) when {@code emulator-host} is set, else real Pub/Sub.
 */
public final class PubSubClients implements AutoCloseable {

  private final PubSubSettings settings;
  private final ManagedChannel emulatorChannel;

  public PubSubClients(PubSubSettings settings) {
    this.settings = settings;
    this.emulatorChannel = settings.usesEmulator()
        ? ManagedChannelBuilder.forTarget(settings.emulatorHost()).usePlaintext().build()
        : null;
  }

  public PubSubSettings settings() {
    return settings;
  }

  public TopicName topic(String name) {
    return TopicName.of(settings.project(), name);
  }

  public ProjectSubscriptionName subscription(String name) {
    return ProjectSubscriptionName.of(settings.project(), name);
  }

  /** A publisher for {@code topic}; the caller shuts it down. */
  public Publisher publisher(String topic) {
    try {
      var builder = Publisher.newBuilder(topic(topic));
      if (emulatorChannel != null) {
        builder.setChannelProvider(channels()).setCredentialsProvider(noCredentials());
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Pub/Sub publisher for " + topic, e);
    }
  }

  /** A streaming-pull subscriber with the configured flow control and parallel pull count. */
  public Subscriber subscriber(String subscription, MessageReceiver receiver,
      SubscriberShutdownSettings shutdown) {
    var builder = Subscriber.newBuilder(subscription(subscription), receiver)
        .setSubscriberShutdownSettings(shutdown)
        // Leases are extended by about the ack deadline at a time: never longer, so the
        // messages of a worker that dies come back to the others after about one ack deadline;
        // not much shorter (the client's default floor is 10 s, its estimate from ack latencies
        // lower still), since under a backlog messages wait in the client and every lease that
        // runs out is a redelivery. The client wants min < max, hence the second less.
        .setMinDurationPerAckExtensionDuration(settings.ackDeadline().minusSeconds(1))
        .setMaxDurationPerAckExtensionDuration(settings.ackDeadline())
        .setParallelPullCount(settings.parallelPullCount())
        .setFlowControlSettings(FlowControlSettings.newBuilder()
            .setMaxOutstandingElementCount(settings.maxOutstandingMessages())
            .setMaxOutstandingRequestBytes(settings.maxOutstandingBytes())
            .build());
    if (emulatorChannel != null) {
      builder.setChannelProvider(channels()).setCredentialsProvider(noCredentials());
    }
    return builder.build();
  }

  public TopicAdminClient topicAdmin() {
    try {
      var builder = TopicAdminSettings.newBuilder();
      if (emulatorChannel != null) {
        builder.setTransportChannelProvider(channels()).setCredentialsProvider(noCredentials());
      }
      return TopicAdminClient.create(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Pub/Sub topic admin client", e);
    }
  }

  public SubscriptionAdminClient subscriptionAdmin() {
    try {
      var builder = SubscriptionAdminSettings.newBuilder();
      if (emulatorChannel != null) {
        builder.setTransportChannelProvider(channels()).setCredentialsProvider(noCredentials());
      }
      return SubscriptionAdminClient.create(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Pub/Sub subscription admin client", e);
    }
  }

  private TransportChannelProvider channels() {
    return FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel));
  }

  private static CredentialsProvider noCredentials() {
    return NoCredentialsProvider.create();
  }

  /** Closes the emulator channel at once: streams break as they would if the process died. */
  @Override
  public void close() {
    if (emulatorChannel != null) {
      emulatorChannel.shutdownNow();
      try {
        emulatorChannel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
