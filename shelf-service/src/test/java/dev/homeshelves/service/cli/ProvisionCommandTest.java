package dev.homeshelves.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.models.ColumnFamily;
import com.google.cloud.bigtable.admin.v2.models.GCRules;
import com.google.cloud.bigtable.admin.v2.models.ModifyColumnFamiliesRequest;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.UpdateSubscriptionRequest;
import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.signals.PubSubClients;
import dev.homeshelves.service.signals.PubSubSettings;
import dev.homeshelves.service.store.BigtableClients;
import dev.homeshelves.service.store.BigtableSettings;
import dev.homeshelves.service.store.Tables;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code home-shelves provision} against both emulators, each test on an instance and topics of its own. */
class ProvisionCommandTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();
  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private PubSubSettings pubsub;
  private BigtableSettings bigtable;
  /** What provision is pointed at: the fresh instance and topics, everything else from application.yml. */
  private Map<String, Object> properties;
  private BigtableTableAdminClient tables;
  private PubSubClients clients;

  @BeforeEach
  void freshInstanceAndTopics() {
    // An instance the extension has not created tables in: provision starts from nothing.
    bigtable = new BigtableSettings(BigtableEmulatorExtension.PROJECT,
        "provision-" + INSTANCES.incrementAndGet(), "127.0.0.1:" + BIGTABLE.port(), false);
    properties = new HashMap<>(PUBSUB.freshProperties());
    properties.put("home-shelves.bigtable.project-id", bigtable.projectId());
    properties.put("home-shelves.bigtable.instance-id", bigtable.instanceId());
    properties.put("home-shelves.bigtable.emulator-host", bigtable.emulatorHost());
    // The settings provision will use, bound from application.yml as the command binds them.
    try (var context = ApplicationContext.builder().banner(false).properties(Map.of(
        HomeShelvesApp.SERVE_ENABLED, false, HomeShelvesApp.WORKER_ENABLED, false,
        "home-shelves.bigtable.create-tables", false)).properties(properties).start()) {
      pubsub = context.getBean(PubSubSettings.class);
    }
    tables = BigtableClients.admin(bigtable);
    clients = new PubSubClients(pubsub);
  }

  @AfterEach
  void close() {
    tables.close();
    clients.close();
  }

  @Test
  void dryRunPrintsThePlanAndChangesNothing() {
    String out = provision(0, "--dry-run");

    assertThat(out)
        .contains("plan (")
        .contains("create Bigtable table shelves with families s (GC max_num_versions: 3)")
        .contains("create Pub/Sub topic " + clients.topic(pubsub.topic()))
        .contains("create Pub/Sub subscription " + clients.subscription(pubsub.subscription()))
        .contains("dry run, nothing changed");
    assertThat(tables.listTables()).isEmpty();
    try (var topics = clients.topicAdmin()) {
      assertThat(topics.listTopics("projects/" + pubsub.project()).iterateAll())
          .noneMatch(t -> t.getName().equals(clients.topic(pubsub.topic()).toString()));
    }
  }

  @Test
  void createsEverythingThenASecondRunChangesNothing() {
    String first = provision(0);

    assertThat(first).contains("applied");
    for (var spec : Tables.ALL) {
      assertThat(tables.getTable(spec.tableId()).getColumnFamilies())
          .extracting(ColumnFamily::getId)
          .containsExactlyInAnyOrderElementsOf(spec.families().keySet());
    }
    Subscription worker = workerSubscription();
    assertThat(worker.getTopic()).isEqualTo(clients.topic(pubsub.topic()).toString());
    assertThat(worker.getAckDeadlineSeconds()).isEqualTo(pubsub.ackDeadline().toSeconds());
    assertThat(worker.getDeadLetterPolicy().getDeadLetterTopic())
        .isEqualTo(clients.topic(pubsub.deadLetterTopic()).toString());
    assertThat(worker.getDeadLetterPolicy().getMaxDeliveryAttempts()).isEqualTo(pubsub.maxDeliveryAttempts());
    assertThat(Durations.toMillis(worker.getRetryPolicy().getMinimumBackoff()))
        .isEqualTo(pubsub.retryMinimumBackoff().toMillis());
    assertThat(Durations.toMillis(worker.getRetryPolicy().getMaximumBackoff()))
        .isEqualTo(pubsub.retryMaximumBackoff().toMillis());
    try (var subscriptions = clients.subscriptionAdmin()) {
      assertThat(subscriptions.getSubscription(clients.subscription(pubsub.deadLetterSubscription())).getTopic())
          .isEqualTo(clients.topic(pubsub.deadLetterTopic()).toString());
    }

    assertThat(provision(0)).contains("nothing to change").doesNotContain("plan (");
  }

  @Test
  void setsDriftedGcPolicyAndSubscriptionPoliciesBack() {
    provision(0);
    tables.modifyFamilies(ModifyColumnFamiliesRequest.of(Tables.CONFIG)
        .updateFamily(Tables.CONFIG_FAMILY, GCRules.GCRULES.maxVersions(2)));
    try (var subscriptions = clients.subscriptionAdmin()) {
      subscriptions.updateSubscription(UpdateSubscriptionRequest.newBuilder()
          .setSubscription(workerSubscription().toBuilder().clearRetryPolicy().setAckDeadlineSeconds(45))
          .setUpdateMask(FieldMask.newBuilder().addPaths("retry_policy").addPaths("ack_deadline_seconds"))
          .build());
    }

    String out = provision(0);

    assertThat(out)
        .contains("plan (2 changes)")
        .contains("change GC policy of config:c from max_num_versions: 2 to max_num_versions: 10")
        .contains("ack deadline 45s -> " + pubsub.ackDeadline().toSeconds() + "s")
        .contains("retry policy none (redeliver at once) -> backoff 10s..600s");
    assertThat(tables.getTable(Tables.CONFIG).getColumnFamilies().get(0).getGCRule().toProto())
        .isEqualTo(GCRules.GCRULES.maxVersions(10).toProto());
    assertThat(workerSubscription().getRetryPolicy().hasMinimumBackoff()).isTrue();
    assertThat(provision(0)).contains("nothing to change");
  }

  @Test
  void aSubscriptionOnAnotherTopicIsAClearError() {
    try (var topics = clients.topicAdmin(); var subscriptions = clients.subscriptionAdmin()) {
      topics.createTopic(clients.topic(pubsub.topic() + "-other"));
      subscriptions.createSubscription(Subscription.newBuilder()
          .setName(clients.subscription(pubsub.subscription()).toString())
          .setTopic(clients.topic(pubsub.topic() + "-other").toString())
          .build());
    }

    var err = new StringWriter();
    provision(1, err);

    assertThat(err.toString())
        .contains("provision: failed: Pub/Sub subscription " + clients.subscription(pubsub.subscription()))
        .contains("cannot change its topic");
  }

  private Subscription workerSubscription() {
    try (var subscriptions = clients.subscriptionAdmin()) {
      return subscriptions.getSubscription(clients.subscription(pubsub.subscription()));
    }
  }

  private String provision(int expectedExit, String... args) {
    return provision(expectedExit, new StringWriter(), args);
  }

  private String provision(int expectedExit, StringWriter err, String... args) {
    var command = new ProvisionCommand();
    command.overrides = properties;
    var out = new StringWriter();
    int exit = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    assertThat(exit).as("exit code; out: %s; err: %s", out, err).isEqualTo(expectedExit);
    return out.toString();
  }
}
