package dev.homeshelves.service.signals;

import dev.homeshelves.service.signals.SignalParser.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of a dead letter, as the worker ({@code DeadLetters}) and the pipeline publish
 * it: the original's attributes plus why ({@code dead-letter-reason}, {@code dead-letter-detail})
 * and where it came from ({@code dead-letter-source-message-id}, {@code dead-letter-subscription}).
 *
 * <p>They stay within Pub/Sub's attribute limits whatever the original carried, so the publish
 * can never fail for its shape (which would redeliver the original forever): the detail is cut
 * to {@value #MAX_VALUE_BYTES} bytes of UTF-8 on a character boundary, and when the original has
 * more attributes than fit beside ours in {@value #MAX_ATTRIBUTES}, {@code content-type} is kept
 * first (a replay needs it to decode the data), then the others in key order, and {@code
 * dead-letter-dropped-attributes} says how many were left out.
 */
public final class DeadLetterAttributes {

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

  private DeadLetterAttributes() {}

  /** The dead letter's attributes, in the order they are published (the original's, then ours). */
  public static Map<String, String> of(Map<String, String> original, String messageId, Rejection reason,
      String detail, String subscription) {
    var ours = new LinkedHashMap<String, String>();
    ours.put(REASON, reason.attributeValue());
    ours.put(DETAIL, truncate(detail, MAX_VALUE_BYTES));
    ours.put(SOURCE_MESSAGE_ID, truncate(messageId, MAX_VALUE_BYTES));
    ours.put(SUBSCRIPTION, truncate(subscription, MAX_VALUE_BYTES));
    // Ours replace any dead-letter-* the original carried (a dead letter replayed unstripped).
    // Keys starting with "goog" are Pub/Sub's own and refused in a publish; the subscriber
    // client adds one to every message it hands over (googclient_deliveryattempt).
    List<Map.Entry<String, String>> originals = new ArrayList<>();
    for (var e : original.entrySet()) {
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
    var all = new LinkedHashMap<String, String>();
    originals.stream().limit(room).forEach(e -> all.put(e.getKey(), e.getValue()));
    all.putAll(ours);
    return all;
  }

  /** {@code text} cut to at most {@code maxBytes} of UTF-8, never inside a character. */
  public static String truncate(String text, int maxBytes) {
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
}
