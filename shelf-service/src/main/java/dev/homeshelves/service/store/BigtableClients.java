package dev.homeshelves.service.store;

import com.google.api.core.ApiFunction;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminSettings;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

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
    callbacksOnNetworkThreads(builder);
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

  /**
   * Completes the client's futures on its channels' network threads rather than on a separate
   * callback pool: every callback in this code base completes a waiting caller, starts the next
   * asynchronous step (directExecutor) or, for GetHome, builds and sends the answer (no I/O, a
   * fraction of a millisecond), so the extra pool cost a thread hand-off per read and nothing
   * else (about 3 wake-ups per GetHome, loadtest/scripts/thread-wakeups.sh).
   */
  private static void callbacksOnNetworkThreads(BigtableDataSettings.Builder builder) {
    if (builder.stubSettings().getTransportChannelProvider() instanceof InstantiatingGrpcChannelProvider channels) {
      InstantiatingGrpcChannelProvider.Builder direct = channels.toBuilder();
      ApiFunction<ManagedChannelBuilder, ManagedChannelBuilder> configured = direct.getChannelConfigurator();
      direct.setChannelConfigurator(b -> (configured == null ? b : configured.apply(b)).directExecutor());
      builder.stubSettings().setTransportChannelProvider(direct.build());
    }
  }

  /**
   * Closes {@code client}, waiting at most {@code within}, and says whether it closed in time.
   * {@code BigtableDataClient.close()} waits for its channels to terminate with no bound: after
   * an overload, processes sat in it for minutes (a {@code serve} on SIGTERM, a load generator
   * after printing its results). Whatever has not finished by then is abandoned on a daemon
   * thread; the process can exit.
   */
  public static boolean closeWithin(BigtableDataClient client, Duration within) {
    Thread closer = new Thread(client::close, "bigtable-data-client-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(within.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !closer.isAlive();
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
