package dev.homeshelves.service.signals;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/** Where the worker's signals come from: Pub/Sub project, topics, subscription and flow control. */
@ConfigurationProperties("home-shelves.pubsub")
public record PubSubSettings(
    @Bindable(defaultValue = "home-shelves-local") String project,
    // Empty means real Pub/Sub with application default credentials.
    @Bindable(defaultValue = "") String emulatorHost,
    @Bindable(defaultValue = "user-signals") String topic,
    @Bindable(defaultValue = "shelf-worker") String subscription,
    @Bindable(defaultValue = "user-signals-dead-letter") String deadLetterTopic,
    @Bindable(defaultValue = "user-signals-dead-letter") String deadLetterSubscription,
    @Bindable(defaultValue = "true") boolean createMissing,
    @Bindable(defaultValue = "20") int maxDeliveryAttempts,
    @Bindable(defaultValue = "30s") Duration ackDeadline,
    @Bindable(defaultValue = "4") int parallelPullCount,
    @Bindable(defaultValue = "20000") long maxOutstandingMessages,
    @Bindable(defaultValue = "104857600") long maxOutstandingBytes,
    // The subscription's retry policy: a nacked message comes back after an exponential backoff
    // between these two (instead of at once), see application.yml.
    @Bindable(defaultValue = "10s") Duration retryMinimumBackoff,
    @Bindable(defaultValue = "600s") Duration retryMaximumBackoff) {

  public PubSubSettings {
    require(!project.isBlank(), "project", "must not be empty");
    require(maxDeliveryAttempts >= 5 && maxDeliveryAttempts <= 100, "max-delivery-attempts",
        "must be between 5 and 100 (Pub/Sub's bounds)");
    require(ackDeadline.toSeconds() >= 10 && ackDeadline.toSeconds() <= 600, "ack-deadline",
        "must be between 10s and 600s (Pub/Sub's bounds)");
    require(parallelPullCount >= 1, "parallel-pull-count", "must be at least 1");
    require(maxOutstandingMessages >= 1, "max-outstanding-messages", "must be at least 1");
    require(maxOutstandingBytes >= 1024, "max-outstanding-bytes", "must be at least 1024");
    require(retryMinimumBackoff.toSeconds() >= 0 && retryMinimumBackoff.toSeconds() <= 600,
        "retry-minimum-backoff", "must be between 0s and 600s (Pub/Sub's bounds)");
    require(retryMaximumBackoff.toSeconds() >= 0 && retryMaximumBackoff.toSeconds() <= 600,
        "retry-maximum-backoff", "must be between 0s and 600s (Pub/Sub's bounds)");
    require(retryMinimumBackoff.compareTo(retryMaximumBackoff) <= 0, "retry-minimum-backoff",
        "must not exceed retry-maximum-backoff");
  }

  /** The settings a local run uses, against the emulator at {@code emulatorHost}. */
  public static PubSubSettings forEmulator(String project, String emulatorHost) {
    return new PubSubSettings(project, emulatorHost, "user-signals", "shelf-worker",
        "user-signals-dead-letter", "user-signals-dead-letter", true, 5, Duration.ofSeconds(30), 4,
        20_000, 100L << 20, Duration.ofSeconds(10), Duration.ofSeconds(600));
  }

  /** A copy reading from a differently named topic and subscription (tests isolate runs so). */
  public PubSubSettings withNames(String topic, String subscription, String deadLetterTopic) {
    return new PubSubSettings(project, emulatorHost, topic, subscription, deadLetterTopic,
        deadLetterTopic, createMissing, maxDeliveryAttempts, ackDeadline, parallelPullCount,
        maxOutstandingMessages, maxOutstandingBytes, retryMinimumBackoff, retryMaximumBackoff);
  }

  /** A copy with another ack deadline. */
  public PubSubSettings withAckDeadline(Duration deadline) {
    return new PubSubSettings(project, emulatorHost, topic, subscription, deadLetterTopic,
        deadLetterSubscription, createMissing, maxDeliveryAttempts, deadline, parallelPullCount,
        maxOutstandingMessages, maxOutstandingBytes, retryMinimumBackoff, retryMaximumBackoff);
  }

  public boolean usesEmulator() {
    return emulatorHost != null && !emulatorHost.isBlank();
  }

  static void require(boolean ok, String setting, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("home-shelves setting " + setting + ": " + rule);
    }
  }
}
