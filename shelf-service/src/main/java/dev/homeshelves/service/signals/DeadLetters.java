package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.service.signals.SignalParser.Rejection;

/**
 * Publishes rejected messages to the dead-letter topic: the original data and attributes,
 * plus attributes saying why ({@code dead-letter-reason}, {@code dead-letter-detail}) and
 * where it came from ({@code dead-letter-source-message-id}, {@code dead-letter-subscription}).
 */
public final class DeadLetters implements AutoCloseable {

  public static final String REASON = "dead-letter-reason";
  public static final String DETAIL = "dead-letter-detail";
  public static final String SOURCE_MESSAGE_ID = "dead-letter-source-message-id";
  public static final String SUBSCRIPTION = "dead-letter-subscription";
  // Pub/Sub caps an attribute value at 1024 bytes.
  private static final int MAX_DETAIL_CHARS = 500;

  private final Publisher publisher;
  private final String subscription;

  public DeadLetters(Publisher publisher, String subscription) {
    this.publisher = publisher;
    this.subscription = subscription;
  }

  /** Completes with the dead letter's message id once Pub/Sub has it. */
  public ApiFuture<String> publish(PubsubMessage original, Rejection reason, String detail) {
    var shortDetail = detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) : detail;
    return publisher.publish(PubsubMessage.newBuilder()
        .setData(original.getData())
        .putAllAttributes(original.getAttributesMap())
        .putAttributes(REASON, reason.attributeValue())
        .putAttributes(DETAIL, shortDetail)
        .putAttributes(SOURCE_MESSAGE_ID, original.getMessageId())
        .putAttributes(SUBSCRIPTION, subscription)
        .build());
  }

  @Override
  public void close() throws InterruptedException {
    publisher.shutdown();
    publisher.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
