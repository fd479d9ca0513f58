package dev.homeshelves.pipeline;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import com.google.cloud.bigtable.emulator.v2.Emulator;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One bundled Bigtable emulator per test class on a free port, as shelf-service's
 * BigtableEmulatorExtension runs it. Tables are created by the service's own start-up (the
 * {@code bin/home-shelves} tools run against it with create-tables on), or by {@link Tables}.
 */
final class BigtableEmulator implements BeforeAllCallback, AfterAllCallback {

  static final String PROJECT = "test-project";
  static final String INSTANCE = "test-instance";

  private Emulator emulator;
  private BigtableDataClient data;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    emulator = Emulator.createBundled();
    emulator.start();
    data = BigtableDataClient.create(BigtableDataSettings
        .newBuilderForEmulator("127.0.0.1", emulator.getPort())
        .setProjectId(PROJECT).setInstanceId(INSTANCE).build());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (data != null) {
      data.close();
    }
    if (emulator != null) {
      emulator.stop();
    }
  }

  String hostPort() {
    return "127.0.0.1:" + emulator.getPort();
  }

  BigtableDataClient data() {
    return data;
  }

  /** The env vars that point the service's tools at this emulator (and at no bin/run-local). */
  Map<String, String> env() {
    return Map.of(
        "BIGTABLE_EMULATOR_HOST", hostPort(),
        "GOOGLE_CLOUD_PROJECT", PROJECT,
        "BIGTABLE_INSTANCE", INSTANCE,
        "HOME_SHELVES_LOCAL_ENV", "/nonexistent/local.env");
  }

  /** Pipeline options for this emulator. */
  String[] options() {
    return new String[] {"--bigtableProject=" + PROJECT, "--bigtableInstance=" + INSTANCE,
        "--bigtableEmulator=" + hostPort()};
  }
}
