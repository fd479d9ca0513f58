package dev.homeshelves.service.cli;

import com.google.api.gax.rpc.DeadlineExceededException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.DeadLetters;
import dev.homeshelves.service.signals.PubSubClients;
import dev.homeshelves.service.signals.SignalParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dead-letter subscription, read by synchronous pulls: messages are held (leased) until
 * {@link #ack} or {@link #release}, so reading them removes nothing. A message seen twice in one
 * session (its lease ran out while others were read) is handed out once.
 */
final class DeadLetterQueue implements AutoCloseable {

  /** The pseudo-reason of a message Pub/Sub moved itself after too many failed deliveries. */
  static final String DELIVERY_ATTEMPTS_EXHAUSTED = "delivery-attempts-exhausted";
  // Attributes Pub/Sub adds when it moves a message to the dead-letter topic itself.
  private static final String PUBSUB_DEAD_LETTER_PREFIX = "CloudPubSubDeadLetter";
  private static final String PUBSUB_DELIVERY_COUNT = "CloudPubSubDeadLetterSourceDeliveryCount";
  private static final int PULL_BATCH = 100;

  private final SubscriptionAdminClient subscriptions;
  private final String subscription;
  private final Set<String> seen = new HashSet<>();
  private final List<String> held = new ArrayList<>();

  /** One dead letter as read from the subscription. */
  record DeadLetter(String ackId, String messageId, Instant publishTime, String reason,
      String detail, String sourceMessageId, Map<String, String> originalAttributes,
      ByteString data, Optional<UserSignal> signal) {

    /** The message to republish to the signal topic: the original data and attributes. */
    PubsubMessage original() {
      return PubsubMessage.newBuilder().setData(data).putAllAttributes(originalAttributes).build();
    }
  }

  DeadLetterQueue(PubSubClients clients, String subscription) {
    this.subscriptions = clients.subscriptionAdmin();
    this.subscription = clients.subscription(subscription).toString();
    try {
      subscriptions.getSubscription(this.subscription);
    } catch (NotFoundException e) {
      subscriptions.close();
      throw new IllegalArgumentException("no subscription " + this.subscription + ": the worker creates it"
          + " at start (home-shelves.pubsub.create-missing), or check --project / --subscription");
    }
  }

  /**
   * Up to {@code max} dead letters not handed out before in this session, fewer when the
   * subscription has no more; each stays leased until acked or released.
   */
  List<DeadLetter> next(int max) {
    var out = new ArrayList<DeadLetter>();
    while (out.size() < max) {
      List<ReceivedMessage> received = pull(Math.min(PULL_BATCH, max - out.size()));
      int fresh = 0;
      for (var m : received) {
        held.add(m.getAckId());
        if (seen.add(m.getMessage().getMessageId())) {
          out.add(parse(m));
          fresh++;
        }
      }
      if (fresh == 0) {
        break;
      }
    }
    return out;
  }

  /** Removes these dead letters from the subscription. */
  void ack(List<DeadLetter> letters) {
    if (letters.isEmpty()) {
      return;
    }
    var ids = letters.stream().map(DeadLetter::ackId).toList();
    subscriptions.acknowledge(subscription, ids);
    held.removeAll(ids);
  }

  /** Hands every message still held back to the subscription at once (for the next reader). */
  void release() {
    for (int i = 0; i < held.size(); i += PULL_BATCH) {
      subscriptions.modifyAckDeadline(subscription, held.subList(i, Math.min(held.size(), i + PULL_BATCH)), 0);
    }
    held.clear();
  }

  @Override
  public void close() {
    try {
      release();
    } finally {
      subscriptions.close();
    }
  }

  private List<ReceivedMessage> pull(int max) {
    try {
      // return_immediately is deprecated but is the one way to tell "empty" from "slow" in one
      // call; the emulator and Pub/Sub both honour it, at worst answering empty early.
      @SuppressWarnings("deprecation")
      var request = PullRequest.newBuilder().setSubscription(subscription).setMaxMessages(max)
          .setReturnImmediately(true).build();
      return subscriptions.pull(request).getReceivedMessagesList();
    } catch (DeadlineExceededException e) {
      return List.of();
    }
  }

  static DeadLetter parse(ReceivedMessage received) {
    var m = received.getMessage();
    var attributes = m.getAttributesMap();
    var originals = new TreeMap<String, String>();
    attributes.forEach((k, v) -> {
      if (!k.startsWith(DeadLetters.PREFIX) && !k.startsWith(PUBSUB_DEAD_LETTER_PREFIX)
          && !k.startsWith("goog")) {
        originals.put(k, v);
      }
    });
    String reason = attributes.getOrDefault(DeadLetters.REASON,
        attributes.containsKey(PUBSUB_DELIVERY_COUNT) ? DELIVERY_ATTEMPTS_EXHAUSTED : "unknown");
    String detail = attributes.getOrDefault(DeadLetters.DETAIL,
        attributes.containsKey(PUBSUB_DELIVERY_COUNT)
            ? "moved by Pub/Sub after " + attributes.get(PUBSUB_DELIVERY_COUNT) + " deliveries"
            : "");
    var publishTime = Instant.ofEpochSecond(m.getPublishTime().getSeconds(), m.getPublishTime().getNanos());
    return new DeadLetter(received.getAckId(), m.getMessageId(), publishTime, reason, detail,
        attributes.getOrDefault(DeadLetters.SOURCE_MESSAGE_ID, ""),
        Map.copyOf(originals), m.getData(), decode(m.getData(), originals));
  }

  /** The signal in the data, if it decodes (validity is the worker's business, not shown here). */
  private static Optional<UserSignal> decode(ByteString data, Map<String, String> attributes) {
    try {
      var contentType = attributes.getOrDefault(SignalParser.CONTENT_TYPE, SignalParser.PROTOBUF).trim();
      if (contentType.regionMatches(true, 0, SignalParser.JSON, 0, SignalParser.JSON.length())) {
        var builder = UserSignal.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(data.toString(StandardCharsets.UTF_8), builder);
        return Optional.of(builder.build());
      }
      return Optional.of(UserSignal.parseFrom(data));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
