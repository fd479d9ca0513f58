package dev.homeshelves.service.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.Optional;

/**
 * Where the Bigtable instance is ({@code home-shelves.bigtable.*} in application.yml).
 *
 * @param projectId GCP project ({@code GOOGLE_CLOUD_PROJECT})
 * @param instanceId Bigtable instance ({@code BIGTABLE_INSTANCE})
 * @param emulatorHost {@code host:port} of an emulator ({@code BIGTABLE_EMULATOR_HOST}); blank for real Bigtable
 * @param createTables create missing tables and column families at start-up (local only)
 */
@ConfigurationProperties("home-shelves.bigtable")
public record BigtableSettings(
    String projectId, String instanceId, @Nullable String emulatorHost, boolean createTables) {

  public BigtableSettings {
    if (projectId == null || projectId.isBlank()) {
      throw new IllegalArgumentException("home-shelves.bigtable.project-id (GOOGLE_CLOUD_PROJECT) is required");
    }
    if (instanceId == null || instanceId.isBlank()) {
      throw new IllegalArgumentException("home-shelves.bigtable.instance-id (BIGTABLE_INSTANCE) is required");
    }
    emulatorHost = emulatorHost == null || emulatorHost.isBlank() ? null : emulatorHost.strip();
  }

  /** The emulator address, when one is configured. */
  public Optional<HostPort> emulator() {
    return Optional.ofNullable(emulatorHost).map(HostPort::parse);
  }

  /** A {@code host:port} pair. */
  public record HostPort(String host, int port) {
    /** Parses {@code host:port}, naming the setting when it is malformed. */
    public static HostPort parse(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new IllegalArgumentException(
            "BIGTABLE_EMULATOR_HOST must be host:port, got '" + value + "'");
      }
      try {
        return new HostPort(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "BIGTABLE_EMULATOR_HOST port must be a number, got '" + value + "'", e);
      }
    }
  }
}
