package dev.homeshelves.service.store;

import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminSettings;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds the Bigtable data and admin clients from {@link BigtableSettings}: against the
 * emulator when one is configured (plaintext, no credentials), otherwise real Bigtable with
 * Application Default Credentials. The one place clients are built (the Micronaut factory,
 * the CLI commands and the test fixture all come here).
 */
public final class BigtableClients {

  private BigtableClients() {}

  /** A data client for the configured instance. */
  public static BigtableDataClient data(BigtableSettings settings) {
    BigtableDataSettings.Builder builder =
        settings
            .emulator()
            .map(e -> BigtableDataSettings.newBuilderForEmulator(e.host(), e.port()))
            .orElseGet(BigtableDataSettings::newBuilder);
    builder.setProjectId(settings.projectId()).setInstanceId(settings.instanceId());
    if (settings.emulator().isPresent()) {
      // Client-side metrics export to Cloud Monitoring, which an emulator set-up cannot reach.
      builder.disableInternalMetrics();
    }
    try {
      return BigtableDataClient.create(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Bigtable data client: " + e.getMessage(), e);
    }
  }

  /** An admin client for the configured instance. */
  public static BigtableTableAdminClient admin(BigtableSettings settings) {
    BigtableTableAdminSettings.Builder builder =
        settings
            .emulator()
            .map(e -> BigtableTableAdminSettings.newBuilderForEmulator(e.host(), e.port()))
            .orElseGet(BigtableTableAdminSettings::newBuilder);
    builder.setProjectId(settings.projectId()).setInstanceId(settings.instanceId());
    try {
      return BigtableTableAdminClient.create(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Bigtable admin client: " + e.getMessage(), e);
    }
  }
}
