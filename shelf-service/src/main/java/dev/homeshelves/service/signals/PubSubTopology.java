package dev.homeshelves.service.signals;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the signal topic, the dead-letter topic and their subscriptions when missing. The
 * worker's subscription carries a dead-letter policy, so a message that keeps failing (a
 * poison message) moves to the dead-letter topic after {@code max-delivery-attempts}.
 */
public final class PubSubTopology {

  private static final Logger LOG = LoggerFactory.getLogger(PubSubTopology.class);

  private final PubSubClients clients;

  public PubSubTopology(PubSubClients clients) {
    this.clients = clients;
  }

  /** Creates whatever is missing; existing topics and subscriptions are left as they are. */
  public void ensureExists() {
    var s = clients.settings();
    try (var topics = clients.topicAdmin(); var subscriptions = clients.subscriptionAdmin()) {
      createTopic(topics, s.topic());
      createTopic(topics, s.deadLetterTopic());
      createSubscription(subscriptions, Subscription.newBuilder()
          .setName(clients.subscription(s.deadLetterSubscription()).toString())
          .setTopic(clients.topic(s.deadLetterTopic()).toString())
          .setAckDeadlineSeconds(60)
          .build());
      createSubscription(subscriptions, Subscription.newBuilder()
          .setName(clients.subscription(s.subscription()).toString())
          .setTopic(clients.topic(s.topic()).toString())
          .setAckDeadlineSeconds((int) s.ackDeadline().toSeconds())
          .setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
              .setDeadLetterTopic(clients.topic(s.deadLetterTopic()).toString())
              .setMaxDeliveryAttempts(s.maxDeliveryAttempts()))
          .build());
    }
  }

  private void createTopic(com.google.cloud.pubsub.v1.TopicAdminClient topics, String name) {
    var topic = clients.topic(name);
    try {
      topics.getTopic(topic);
    } catch (NotFoundException missing) {
      try {
        topics.createTopic(topic);
        LOG.info("created Pub/Sub topic {}", topic);
      } catch (AlreadyExistsException raced) {
        LOG.debug("topic {} was created concurrently", topic);
      }
    }
  }

  private void createSubscription(
      com.google.cloud.pubsub.v1.SubscriptionAdminClient subscriptions, Subscription wanted) {
    try {
      subscriptions.getSubscription(wanted.getName());
    } catch (NotFoundException missing) {
      try {
        subscriptions.createSubscription(wanted);
        LOG.info("created Pub/Sub subscription {} on {}", wanted.getName(), wanted.getTopic());
      } catch (AlreadyExistsException raced) {
        LOG.debug("subscription {} was created concurrently", wanted.getName());
      }
    }
  }
}
