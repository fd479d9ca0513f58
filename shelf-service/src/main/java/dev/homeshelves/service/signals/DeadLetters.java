package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.service.signals.SignalParser.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Publishes rejected messages to the dead-letter topic: the original data, with the attributes
 * of {@link DeadLetterAttributes} (the original's plus why and where from).
 *
 * <p>The dead letter stays within Pub/Sub's attribute limits whatever the original carried, so
 * its publish can never fail for its shape (which would nack the original into a redelivery
 * loop): the detail is cut to {@value #MAX_VALUE_BYTES} bytes of UTF-8 on a character boundary,
 * and when the original has more attributes than fit beside ours in {@value #MAX_ATTRIBUTES},
 * {@code content-type} is kept first (a replay needs it to decode the data), then the others in
 * key order, and {@code dead-letter-dropped-attributes} says how many were left out.
 */
public final class DeadLetters implements AutoCloseable {

  public static final String PREFIX = DeadLetterAttributes.PREFIX;
  public static final String REASON = DeadLetterAttributes.REASON;
  public static final String DETAIL = DeadLetterAttributes.DETAIL;
  public static final String SOURCE_MESSAGE_ID = DeadLetterAttributes.SOURCE_MESSAGE_ID;
  public static final String SUBSCRIPTION = DeadLetterAttributes.SUBSCRIPTION;
  public static final String DROPPED_ATTRIBUTES = DeadLetterAttributes.DROPPED_ATTRIBUTES;
  public static final int MAX_ATTRIBUTES = DeadLetterAttributes.MAX_ATTRIBUTES;
  public static final int MAX_VALUE_BYTES = DeadLetterAttributes.MAX_VALUE_BYTES;

  private final Publisher publisher;
  private final String subscription;

  public DeadLetters(Publisher publisher, String subscription) {
    this.publisher = publisher;
    this.subscription = subscription;
  }

  /** Completes with the dead letter's message id once Pub/Sub has it. */
  public ApiFuture<String> publish(PubsubMessage original, Rejection reason, String detail) {
    return publisher.publish(deadLetter(original, reason, detail, subscription));
  }

  /** The dead letter of {@code original} rejected for {@code reason}, within Pub/Sub's limits. */
  static PubsubMessage deadLetter(PubsubMessage original, Rejection reason, String detail,
      String subscription) {
    return PubsubMessage.newBuilder().setData(original.getData())
        .putAllAttributes(DeadLetterAttributes.of(original.getAttributesMap(), original.getMessageId(), reason,
            detail, subscription))
        .build();
  }

  /** {@code text} cut to at most {@code maxBytes} of UTF-8, never inside a character. */
  static String truncate(String text, int maxBytes) {
    return DeadLetterAttributes.truncate(text, maxBytes);
  }

  @Override
  public void close() throws InterruptedException {
    publisher.shutdown();
    publisher.awaitTermination(10, TimeUnit.SECONDS);
  }
}
