package dev.homeshelves.service.signals;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Where the worker's signals come from: Pub/Sub project, topics, subscription and flow control.
 * Every default lives in application.yml (commented there).
 */
@ConfigurationProperties("home-shelves.pubsub")
public record PubSubSettings(
    String project,
    // Empty means real Pub/Sub with application default credentials.
    String emulatorHost,
    String topic,
    String subscription,
    String deadLetterTopic,
    String deadLetterSubscription,
    boolean createMissing,
    int maxDeliveryAttempts,
    Duration ackDeadline,
    int parallelPullCount,
    long maxOutstandingMessages,
    long maxOutstandingBytes) {

  public PubSubSettings {
    requireAll("home-shelves.pubsub", project, topic, subscription, deadLetterTopic,
        deadLetterSubscription, ackDeadline);
    require(!project.isBlank(), "project", "must not be empty");
    require(maxDeliveryAttempts >= 5 && maxDeliveryAttempts <= 100, "max-delivery-attempts",
        "must be between 5 and 100 (Pub/Sub's bounds)");
    require(ackDeadline.toSeconds() >= 10 && ackDeadline.toSeconds() <= 600, "ack-deadline",
        "must be between 10s and 600s (Pub/Sub's bounds)");
    require(parallelPullCount >= 1, "parallel-pull-count", "must be at least 1");
    require(maxOutstandingMessages >= 1, "max-outstanding-messages", "must be at least 1");
    require(maxOutstandingBytes >= 1024, "max-outstanding-bytes", "must be at least 1024");
  }

  public boolean usesEmulator() {
    return emulatorHost != null && !emulatorHost.isBlank();
  }

  /** Fails naming the section when a setting is missing (application.yml holds every default). */
  static void requireAll(String section, Object... values) {
    for (var v : values) {
      if (v == null) {
        throw new IllegalArgumentException(section + ": a setting is missing; application.yml must define every"
            + " setting of this section (see the shipped application.yml)");
      }
    }
  }

  static void require(boolean ok, String setting, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("home-shelves setting " + setting + ": " + rule);
    }
  }
}
