package dev.homeshelves.loadtest.faults;

import dev.homeshelves.service.store.BigtableClients;
import dev.homeshelves.service.store.BigtableSettings;
import dev.homeshelves.service.store.TableCreator;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local setup of a fault run, on loopback: a Bigtable emulator (cbtemulator, in memory), the
 * Pub/Sub emulator (through the project's {@code bin/pubsub-emulator}) and worker replicas
 * ({@code home-shelves worker} from the built jars, as {@code bin/run-local} starts it). Stops
 * everything it started when closed.
 */
final class LocalSetup implements AutoCloseable {
  static final String PROJECT = "faults-local";
  static final String INSTANCE = "faults";
  private static final String WORKER_MAIN = "dev.homeshelves.service.cli.HomeShelvesCli";
  private static final Duration EMULATOR_START = Duration.ofSeconds(60);
  // The bundled emulator's binary, when google-cloud-bigtable-emulator is on the class path.
  private static final String BUNDLED_CBT = "/gcloud/bigtable-linux-x86_64/platform/bigtable-emulator/cbtemulator";

  /** How to start the workers. */
  record WorkerOptions(List<Integer> grpcPorts, List<Integer> httpPorts, String javaOptions,
      Duration ackDeadline, Map<String, String> env, Duration startTimeout) {}

  private final Path dir;
  private final WorkerOptions workerOptions;
  private final Path catalog;
  private final List<LocalProcess> started = new ArrayList<>();
  private final LocalProcess[] workers = new LocalProcess[2];
  private final int[] starts = new int[2];
  private LocalProcess bigtable;
  private int bigtablePort;
  private int pubsubPort;

  private LocalSetup(Path dir, WorkerOptions workerOptions, Path catalog) {
    this.dir = dir;
    this.workerOptions = workerOptions;
    this.catalog = catalog;
  }

  /** Starts both emulators; workers come with {@link #startWorker}. */
  static LocalSetup start(Path dir, Optional<Path> cbtemulator, Optional<Path> pubsubLauncher,
      WorkerOptions workers, int tracks, int artists) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    var catalog = dir.resolve("catalog.tsv");
    var lines = new ArrayList<String>();
    lines.add("id\ttitle\tartist");
    for (int i = 0; i < tracks; i++) {
      lines.add(SignalStream.track(i) + "\tFault track " + i + "\t" + SignalStream.artist(i % artists));
    }
    Files.write(catalog, lines);
    var setup = new LocalSetup(dir, workers, catalog);
    try {
      setup.startEmulators(cbtemulator.orElseGet(() -> findCbtemulator(dir)),
          pubsubLauncher.orElseGet(LocalSetup::findPubSubLauncher));
      return setup;
    } catch (IOException | InterruptedException | RuntimeException e) {
      setup.close();
      throw e;
    }
  }

  private void startEmulators(Path cbtemulator, Path pubsubLauncher) throws IOException, InterruptedException {
    bigtablePort = freePort();
    bigtable = track(LocalProcess.start("bigtable-emulator",
        List.of(cbtemulator.toString(), "-host", "127.0.0.1", "-port", String.valueOf(bigtablePort)),
        Map.of(), dir.resolve("bigtable-emulator.log")));
    bigtable.awaitPort(bigtablePort, EMULATOR_START);
    pubsubPort = freePort();
    var pubsub = track(LocalProcess.start("pubsub-emulator",
        List.of(pubsubLauncher.toString(), "--port", String.valueOf(pubsubPort)),
        Map.of(), dir.resolve("pubsub-emulator.log")));
    pubsub.awaitPort(pubsubPort, EMULATOR_START);
    // Created here once, so the workers can start side by side without racing to create them.
    try (var admin = BigtableClients.admin(new BigtableSettings(PROJECT, INSTANCE, bigtableHost(), true))) {
      new TableCreator(admin).createMissing();
    }
  }

  String bigtableHost() {
    return "127.0.0.1:" + bigtablePort;
  }

  String pubsubHost() {
    return "127.0.0.1:" + pubsubPort;
  }

  /** The Bigtable emulator's process, to freeze and thaw. */
  LocalProcess bigtable() {
    return bigtable;
  }

  /** Starts worker replicas {@code n} (0-based) side by side; returns once each pulls from the subscription. */
  void startWorkers(int... replicas) throws IOException, InterruptedException {
    for (int n : replicas) {
      launchWorker(n);
    }
    for (int n : replicas) {
      workers[n].awaitLog(line -> line.contains("worker subscribed"), workerOptions.startTimeout());
    }
  }

  private void launchWorker(int n) throws IOException {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!workerOptions.javaOptions().isBlank()) {
      command.addAll(List.of(workerOptions.javaOptions().trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), WORKER_MAIN, "worker",
        "--catalog", catalog.toString(),
        "--grpc-port", String.valueOf(port(workerOptions.grpcPorts(), n)),
        "--http-port", String.valueOf(port(workerOptions.httpPorts(), n))));
    var env = new java.util.HashMap<>(workerOptions.env());
    env.putAll(Map.of(
        "GOOGLE_CLOUD_PROJECT", PROJECT,
        "BIGTABLE_INSTANCE", INSTANCE,
        "BIGTABLE_EMULATOR_HOST", bigtableHost(),
        "PUBSUB_EMULATOR_HOST", pubsubHost(),
        "HOME_SHELVES_PUBSUB_ACK_DEADLINE", workerOptions.ackDeadline().toSeconds() + "s",
        "BIND_HOST", "127.0.0.1"));
    // A log per start: a restarted worker's readiness must be read from its own lines.
    String name = "worker-" + (char) ('a' + n) + (starts[n]++ == 0 ? "" : "-" + starts[n]);
    var worker = track(LocalProcess.start(name, command, env, dir.resolve(name + ".log")));
    workers[n] = worker;
  }

  /** Worker replica {@code n} as last started. */
  LocalProcess worker(int n) {
    return workers[n];
  }

  private static int port(List<Integer> given, int n) throws IOException {
    return n < given.size() ? given.get(n) : freePort();
  }

  private LocalProcess track(LocalProcess p) {
    started.add(p);
    return p;
  }

  /** Stops every process it started, newest first (a frozen emulator is thawed first). */
  @Override
  public void close() throws InterruptedException {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * cbtemulator: $CBTEMULATOR, on PATH, the Google Cloud CLI's, or the one bundled in
   * google-cloud-bigtable-emulator when that is on the class path (copied into {@code dir}).
   */
  static Path findCbtemulator(Path dir) {
    var env = System.getenv("CBTEMULATOR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (var d : System.getenv().getOrDefault("PATH", "").split(":")) {
      var p = Path.of(d.isEmpty() ? "." : d, "cbtemulator");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    var sdk = Path.of("/usr/lib/google-cloud-sdk/platform/bigtable-emulator/cbtemulator");
    if (Files.isExecutable(sdk)) {
      return sdk;
    }
    try (InputStream bundled = LocalSetup.class.getResourceAsStream(BUNDLED_CBT)) {
      if (bundled != null) {
        var copy = dir.resolve("cbtemulator");
        Files.copy(bundled, copy, StandardCopyOption.REPLACE_EXISTING);
        if (!copy.toFile().setExecutable(true)) {
          throw new IllegalStateException("cannot make " + copy + " executable");
        }
        return copy;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy the bundled cbtemulator: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("--cbtemulator: no cbtemulator found (CBTEMULATOR, PATH, the Google"
        + " Cloud CLI's bigtable-emulator component); install it (gcloud components install bigtable) or pass its path");
  }

  /** The project's bin/pubsub-emulator, found upwards from where this code was loaded. */
  static Path findPubSubLauncher() {
    try {
      var at = Path.of(LocalSetup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (var d = at; d != null; d = d.getParent()) {
        var launcher = d.resolve("bin/pubsub-emulator");
        if (Files.isExecutable(launcher)) {
          return launcher;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--pubsub-emulator: cannot find the project's bin/pubsub-emulator;"
        + " pass its path");
  }
}
