package dev.homeshelves.service.cli;

import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.signals.PubSubClients;
import dev.homeshelves.service.signals.PubSubSettings;
import dev.homeshelves.service.signals.PubSubTopology;
import dev.homeshelves.service.store.BigtableSettings;
import dev.homeshelves.service.store.TableCreator;
import dev.homeshelves.service.store.Tables;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code home-shelves provision}: makes the Bigtable tables and the Pub/Sub topics and
 * subscriptions match the configuration, printing the plan first. Production runs it once per
 * release instead of letting the roles create resources at start.
 */
@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    description = {
      "Creates or updates what the application needs, and prints the plan before applying it:",
      "  Bigtable: every table and column family with its GC policy (missing ones are created, differing GC policies set);",
      "  Pub/Sub: the signal and dead-letter topics, the worker's subscription with its dead-letter and retry policies",
      "  and ack deadline, and the dead-letter subscription (both never expire).",
      "Nothing is ever deleted. Running it again changes nothing and says so.",
      "Configuration: the same settings and env vars as the roles (GOOGLE_CLOUD_PROJECT, BIGTABLE_INSTANCE,",
      "BIGTABLE_EMULATOR_HOST, PUBSUB_EMULATOR_HOST, HOME_SHELVES_PUBSUB_*). IAM roles: docs/operations.md."
    })
final class ProvisionCommand implements Callable<Integer> {

  @Option(names = "--dry-run", description = "Print the plan and change nothing.")
  boolean dryRun;

  @Spec CommandSpec spec;

  /** Settings that override application.yml and the environment (tests point it at emulators). */
  Map<String, Object> overrides = Map.of();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // The plan must see the instance as it is: no table creation while the context starts.
    Map<String, Object> properties = new HashMap<>(overrides);
    properties.putAll(Map.of(HomeShelvesApp.SERVE_ENABLED, false, HomeShelvesApp.WORKER_ENABLED, false,
        "home-shelves.bigtable.create-tables", false));
    try (ApplicationContext context = ApplicationContext.builder().banner(false).properties(properties).start();
        var pubsub = new PubSubClients(context.getBean(PubSubSettings.class))) {
      var bigtable = context.getBean(BigtableSettings.class);
      var tables = new TableCreator(context.getBean(BigtableTableAdminClient.class));
      var topology = new PubSubTopology(pubsub);
      out.printf("provision: Bigtable instance %s/%s%s, Pub/Sub project %s%s%n",
          bigtable.projectId(), bigtable.instanceId(),
          bigtable.emulator().map(e -> " (emulator " + e.host() + ":" + e.port() + ")").orElse(""),
          pubsub.settings().project(),
          pubsub.settings().usesEmulator() ? " (emulator " + pubsub.settings().emulatorHost() + ")" : "");

      List<TableCreator.Change> tableChanges = tables.plan(Tables.ALL);
      List<PubSubTopology.Change> topologyChanges = topology.plan();
      if (tableChanges.isEmpty() && topologyChanges.isEmpty()) {
        out.println("provision: nothing to change: every table, family, topic and subscription is as configured");
        out.flush();
        return 0;
      }
      out.printf("provision: plan (%d changes):%n", tableChanges.size() + topologyChanges.size());
      tableChanges.forEach(c -> out.println("  " + c.describe()));
      topologyChanges.forEach(c -> out.println("  " + c.describe()));
      if (dryRun) {
        out.println("provision: dry run, nothing changed");
        out.flush();
        return 0;
      }
      out.flush();
      tables.apply(tableChanges);
      topology.apply(topologyChanges);
      out.printf("provision: applied %d changes%n", tableChanges.size() + topologyChanges.size());
      out.flush();
      return 0;
    } catch (RuntimeException e) {
      err.println("provision: failed: " + reason(e));
      err.flush();
      return 1;
    }
  }

  /** The message of the first cause that is not the application context's own wrapper. */
  private static String reason(Throwable e) {
    Throwable reason = e;
    while (reason.getCause() != null
        && reason.getClass().getName().startsWith("io.micronaut.context.exceptions.")) {
      reason = reason.getCause();
    }
    return reason.getMessage();
  }
}
