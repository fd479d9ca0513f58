package dev.homeshelves.service.testing;

import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.emulator.v2.Emulator;
import dev.homeshelves.service.store.BigtableClients;
import dev.homeshelves.service.store.BigtableSettings;
import dev.homeshelves.service.store.TableCreator;
import dev.homeshelves.service.store.Tables;
import com.google.cloud.bigtable.data.v2.models.TableId;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one bundled Bigtable emulator per test class, on a free port, with every table of
 * {@code Tables.ALL} created. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();}</pre>
 *
 * {@link #stop()} and {@link #restart()} simulate a storage outage: the emulator process goes
 * away and comes back on the same port, empty (tables are re-created, data is not).
 */
public final class BigtableEmulatorExtension implements BeforeAllCallback, AfterAllCallback {

  public static final String PROJECT = "test-project";
  public static final String INSTANCE = "test-instance";

  private Emulator emulator;
  private int port;
  private BigtableDataClient dataClient;
  private BigtableTableAdminClient adminClient;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    emulator = Emulator.createBundled();
    emulator.start();
    port = emulator.getPort();
    dataClient = BigtableClients.data(settings());
    adminClient = BigtableClients.admin(settings());
    createTables();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (dataClient != null) {
      dataClient.close();
    }
    if (adminClient != null) {
      adminClient.close();
    }
    if (emulator != null) {
      emulator.stop();
    }
  }

  /** Settings that point at this emulator, with table creation on. */
  public BigtableSettings settings() {
    return new BigtableSettings(PROJECT, INSTANCE, "127.0.0.1:" + port, true);
  }

  /** Micronaut properties that point an application context at this emulator. */
  public Map<String, Object> properties() {
    return Map.of(
        "home-shelves.bigtable.project-id", PROJECT,
        "home-shelves.bigtable.instance-id", INSTANCE,
        "home-shelves.bigtable.emulator-host", "127.0.0.1:" + port,
        "home-shelves.bigtable.create-tables", true);
  }

  /** A data client connected to this emulator (closed after the class). */
  public BigtableDataClient dataClient() {
    return dataClient;
  }

  /** An admin client connected to this emulator (closed after the class). */
  public BigtableTableAdminClient adminClient() {
    return adminClient;
  }

  /** The emulator's port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Stops the emulator: every call to it now fails, as in a storage outage. */
  public synchronized void stop() {
    emulator.stop();
  }

  /**
   * Starts the emulator again on the same port, with the tables re-created but no data, and
   * returns once {@link #dataClient()} reads from it again (its channel may first have to
   * leave gRPC's reconnect backoff).
   */
  public synchronized void restart() throws Exception {
    emulator = Emulator.createBundled();
    emulator.start(port);
    createTables();
    Awaitility.await("data client reconnected to the restarted emulator")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> dataClient.readRow(TableId.of(Tables.SHELVES), "probe") == null);
  }

  private void createTables() {
    new TableCreator(adminClient).createMissing();
  }
}
