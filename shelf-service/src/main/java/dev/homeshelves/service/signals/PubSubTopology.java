package dev.homeshelves.service.signals;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ExpirationPolicy;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.UpdateSubscriptionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pub/Sub resources of the worker: the signal topic, the dead-letter topic, the worker's
 * subscription with its dead-letter policy (a message that keeps failing moves to the
 * dead-letter topic after {@code max-delivery-attempts}) and retry policy (nacked messages come
 * back after an exponential backoff), and a subscription that keeps the dead letters.
 *
 * <p>{@link #plan()} compares what exists with the settings and lists the changes;
 * {@link #apply} makes them. {@code home-shelves provision} applies the whole plan; the worker
 * at start ({@code create-missing}) only creates what is missing ({@link #ensureExists()}).
 * Neither ever deletes anything.
 */
public final class PubSubTopology {

  private static final Logger LOG = LoggerFactory.getLogger(PubSubTopology.class);
  /** Dead letters are read by people, slowly: a long ack deadline while inspecting them. */
  private static final int DEAD_LETTER_ACK_DEADLINE_SECONDS = 60;

  private final PubSubClients clients;

  public PubSubTopology(PubSubClients clients) {
    this.clients = clients;
  }

  /** One change to the Pub/Sub resources. */
  public sealed interface Change permits CreateTopic, CreateSubscription, UpdateSubscription {
    /** What the change does, one line, for the plan. */
    String describe();
  }

  /** Creates a topic. */
  public record CreateTopic(String topic) implements Change {
    @Override
    public String describe() {
      return "create Pub/Sub topic " + topic;
    }
  }

  /** Creates a subscription as configured. */
  public record CreateSubscription(Subscription wanted) implements Change {
    @Override
    public String describe() {
      return "create Pub/Sub subscription " + wanted.getName() + " on " + wanted.getTopic()
          + " (" + String.join(", ", settingsOf(wanted)) + ")";
    }
  }

  /** Sets the listed fields of an existing subscription to their configured values. */
  public record UpdateSubscription(Subscription wanted, List<String> fields, List<String> differences)
      implements Change {
    @Override
    public String describe() {
      return "update Pub/Sub subscription " + wanted.getName() + ": " + String.join(", ", differences);
    }
  }

  /**
   * The changes that would make the topics and subscriptions match the settings, in the
   * order they must be applied (topics before their subscriptions).
   *
   * @throws IllegalStateException when a subscription exists on another topic (Pub/Sub cannot
   *     move it; it has to be deleted or another name configured)
   */
  public List<Change> plan() {
    var s = clients.settings();
    List<Change> changes = new ArrayList<>();
    try (var topics = clients.topicAdmin(); var subscriptions = clients.subscriptionAdmin()) {
      for (String topic : List.of(s.topic(), s.deadLetterTopic())) {
        String name = clients.topic(topic).toString();
        if (changes.stream().noneMatch(c -> c instanceof CreateTopic t && t.topic().equals(name))
            && !topicExists(topics, name)) {
          changes.add(new CreateTopic(name));
        }
      }
      planSubscription(subscriptions, deadLetterSubscription()).ifPresent(changes::add);
      planSubscription(subscriptions, workerSubscription()).ifPresent(changes::add);
    }
    return changes;
  }

  /** Makes the given changes (from {@link #plan()}), logging each. */
  public void apply(List<Change> changes) {
    try (var topics = clients.topicAdmin(); var subscriptions = clients.subscriptionAdmin()) {
      for (Change change : changes) {
        if (change instanceof CreateTopic create) {
          try {
            topics.createTopic(create.topic());
          } catch (AlreadyExistsException raced) {
            LOG.debug("topic {} was created concurrently", create.topic());
          }
        } else if (change instanceof CreateSubscription create) {
          try {
            subscriptions.createSubscription(create.wanted());
          } catch (AlreadyExistsException raced) {
            LOG.debug("subscription {} was created concurrently", create.wanted().getName());
          }
        } else if (change instanceof UpdateSubscription update) {
          subscriptions.updateSubscription(UpdateSubscriptionRequest.newBuilder()
              .setSubscription(update.wanted())
              .setUpdateMask(FieldMask.newBuilder().addAllPaths(update.fields()))
              .build());
        }
        LOG.info("{}", change.describe());
      }
    }
  }

  /**
   * Creates whatever is missing; existing topics and subscriptions are left as they are (the
   * worker's start with {@code create-missing}; {@code provision} also updates them).
   */
  public void ensureExists() {
    apply(plan().stream().filter(c -> !(c instanceof UpdateSubscription)).toList());
  }

  /** The worker's subscription as configured. */
  Subscription workerSubscription() {
    var s = clients.settings();
    return Subscription.newBuilder()
        .setName(clients.subscription(s.subscription()).toString())
        .setTopic(clients.topic(s.topic()).toString())
        .setAckDeadlineSeconds((int) s.ackDeadline().toSeconds())
        .setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
            .setDeadLetterTopic(clients.topic(s.deadLetterTopic()).toString())
            .setMaxDeliveryAttempts(s.maxDeliveryAttempts()))
        .setRetryPolicy(RetryPolicy.newBuilder()
            .setMinimumBackoff(Durations.fromMillis(s.retryMinimumBackoff().toMillis()))
            .setMaximumBackoff(Durations.fromMillis(s.retryMaximumBackoff().toMillis())))
        // Never expire: by default Pub/Sub deletes a subscription after 31 days without a
        // subscriber, and with it every signal published meanwhile.
        .setExpirationPolicy(ExpirationPolicy.getDefaultInstance())
        .build();
  }

  /** The subscription that keeps dead letters for inspection and replay. */
  Subscription deadLetterSubscription() {
    var s = clients.settings();
    return Subscription.newBuilder()
        .setName(clients.subscription(s.deadLetterSubscription()).toString())
        .setTopic(clients.topic(s.deadLetterTopic()).toString())
        .setAckDeadlineSeconds(DEAD_LETTER_ACK_DEADLINE_SECONDS)
        // Nobody pulls it for weeks on end; it must not expire with the dead letters in it.
        .setExpirationPolicy(ExpirationPolicy.getDefaultInstance())
        .build();
  }

  private static boolean topicExists(TopicAdminClient topics, String name) {
    try {
      topics.getTopic(name);
      return true;
    } catch (NotFoundException missing) {
      return false;
    }
  }

  private static Optional<Change> planSubscription(SubscriptionAdminClient subscriptions, Subscription wanted) {
    Subscription existing;
    try {
      existing = subscriptions.getSubscription(wanted.getName());
    } catch (NotFoundException missing) {
      return Optional.of(new CreateSubscription(wanted));
    }
    if (!existing.getTopic().equals(wanted.getTopic())) {
      throw new IllegalStateException("Pub/Sub subscription " + wanted.getName() + " exists on topic "
          + existing.getTopic() + ", not on " + wanted.getTopic()
          + ": a subscription cannot change its topic; delete it or configure another name");
    }
    List<String> fields = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    if (existing.getAckDeadlineSeconds() != wanted.getAckDeadlineSeconds()) {
      fields.add("ack_deadline_seconds");
      differences.add("ack deadline " + existing.getAckDeadlineSeconds() + "s -> " + wanted.getAckDeadlineSeconds() + "s");
    }
    if (!existing.getDeadLetterPolicy().equals(wanted.getDeadLetterPolicy())) {
      fields.add("dead_letter_policy");
      differences.add("dead-letter policy " + deadLetter(existing) + " -> " + deadLetter(wanted));
    }
    if (!existing.getRetryPolicy().equals(wanted.getRetryPolicy())) {
      fields.add("retry_policy");
      differences.add("retry policy " + retry(existing) + " -> " + retry(wanted));
    }
    if (existing.getExpirationPolicy().hasTtl()) {
      fields.add("expiration_policy");
      differences.add("expiration after " + Durations.toString(existing.getExpirationPolicy().getTtl())
          + " of inactivity -> never");
    }
    return fields.isEmpty() ? Optional.empty() : Optional.of(new UpdateSubscription(wanted, fields, differences));
  }

  private static List<String> settingsOf(Subscription s) {
    List<String> parts = new ArrayList<>();
    parts.add("ack deadline " + s.getAckDeadlineSeconds() + "s");
    if (s.hasDeadLetterPolicy()) {
      parts.add("dead letters " + deadLetter(s));
    }
    if (s.hasRetryPolicy()) {
      parts.add("retry " + retry(s));
    }
    parts.add("never expires");
    return parts;
  }

  private static String deadLetter(Subscription s) {
    if (!s.hasDeadLetterPolicy()) {
      return "none";
    }
    var p = s.getDeadLetterPolicy();
    return "to " + p.getDeadLetterTopic() + " after " + p.getMaxDeliveryAttempts() + " deliveries";
  }

  private static String retry(Subscription s) {
    if (!s.hasRetryPolicy()) {
      return "none (redeliver at once)";
    }
    var p = s.getRetryPolicy();
    return "backoff " + Durations.toString(p.getMinimumBackoff()) + ".." + Durations.toString(p.getMaximumBackoff());
  }
}
