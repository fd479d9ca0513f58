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
 * Publishes rejected messages to the dead-letter topic: the original data and attributes,
 * plus attributes saying why ({@code dead-letter-reason}, {@code dead-letter-detail}) and
 * where it came from ({@code dead-letter-source-message-id}, {@code dead-letter-subscription}).
 *
 * <p>The dead letter stays within Pub/Sub's attribute limits whatever the original carried, so
 * its publish can never fail for its shape (which would nack the original into a redelivery
 * loop): the detail is cut to {@value #MAX_VALUE_BYTES} bytes of UTF-8 on a character boundary,
 * and when the original has more attributes than fit beside ours in {@value #MAX_ATTRIBUTES},
 * {@code content-type} is kept first (a replay needs it to decode the data), then the others in
 * key order, and {@code dead-letter-dropped-attributes} says how many were left out.
 */
public final class DeadLetters implements AutoCloseable {

  public static final String PREFIX = "dead-letter-";
  public static final String REASON = PREFIX + "reason";
  public static final String DETAIL = PREFIX + "detail";
  public static final String SOURCE_MESSAGE_ID = PREFIX + "source-message-id";
  public static final String SUBSCRIPTION = PREFIX + "subscription";
  public static final String DROPPED_ATTRIBUTES = PREFIX + "dropped-attributes";
  /** Pub/Sub's limits: attributes per message, and bytes per attribute value. */
  public static final int MAX_ATTRIBUTES = 100;
  public static final int MAX_VALUE_BYTES = 1024;
  private static final String RESERVED_PREFIX = "goog";
  private static final String ELLIPSIS = "…";

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
    var ours = new java.util.LinkedHashMap<String, String>();
    ours.put(REASON, reason.attributeValue());
    ours.put(DETAIL, truncate(detail, MAX_VALUE_BYTES));
    ours.put(SOURCE_MESSAGE_ID, truncate(original.getMessageId(), MAX_VALUE_BYTES));
    ours.put(SUBSCRIPTION, truncate(subscription, MAX_VALUE_BYTES));
    // Ours replace any dead-letter-* the original carried (a dead letter replayed unstripped).
    // Keys starting with "goog" are Pub/Sub's own and refused in a publish; the subscriber
    // client adds one to every message it hands over (googclient_deliveryattempt).
    List<Map.Entry<String, String>> originals = new ArrayList<>();
    for (var e : original.getAttributesMap().entrySet()) {
      if (!e.getKey().startsWith(PREFIX) && !e.getKey().startsWith(RESERVED_PREFIX)) {
        originals.add(e);
      }
    }
    originals.sort(Comparator.<Map.Entry<String, String>, Boolean>comparing(
        e -> !e.getKey().equals(SignalParser.CONTENT_TYPE)).thenComparing(Map.Entry::getKey));
    int room = MAX_ATTRIBUTES - ours.size();
    if (originals.size() > room) {
      room--; // the count attribute takes one place
      ours.put(DROPPED_ATTRIBUTES, String.valueOf(originals.size() - room));
    }
    var letter = PubsubMessage.newBuilder().setData(original.getData());
    originals.stream().limit(room).forEach(e -> letter.putAttributes(e.getKey(), e.getValue()));
    return letter.putAllAttributes(ours).build();
  }

  /** {@code text} cut to at most {@code maxBytes} of UTF-8, never inside a character. */
  static String truncate(String text, int maxBytes) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return text;
    }
    int budget = maxBytes - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
    var out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + bytes > budget) {
        break;
      }
      out.appendCodePoint(cp);
      used += bytes;
      i += Character.charCount(cp);
    }
    return out.append(ELLIPSIS).toString();
  }

  @Override
  public void close() throws InterruptedException {
    publisher.shutdown();
    publisher.awaitTermination(10, TimeUnit.SECONDS);
  }
}
