package dev.homeshelves.service.testing;

import dev.homeshelves.service.signals.PubSubSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the Google Cloud CLI's Pub/Sub emulator (one process per test class, on a free
 * loopback port). Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();}</pre>
 *
 * {@link #freshSettings()} gives each test its own topic and subscription names, so tests in
 * one class never see each other's messages. The emulator jar is looked up under
 * {@code PUBSUB_EMULATOR_LIB} or the Cloud SDK's usual places.
 */
public final class PubSubEmulatorExtension implements BeforeAllCallback, AfterAllCallback {

  public static final String PROJECT = "test-project";
  private static final AtomicInteger NAMES = new AtomicInteger();

  private Process process;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    port = FreePorts.next();
    var log = Files.createTempFile("pubsub-emulator", ".log");
    process = new ProcessBuilder("java", "-jar", emulatorJar().toString(),
        "--host=127.0.0.1", "--port=" + port)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    awaitListening(Duration.ofSeconds(30), log);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** {@code 127.0.0.1:<port>}, the value a client would find in PUBSUB_EMULATOR_HOST. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** Emulator settings with topic, subscription and dead-letter names unique to the caller. */
  public PubSubSettings freshSettings() {
    int n = NAMES.incrementAndGet();
    return PubSubSettings.forEmulator(PROJECT, host())
        .withNames("user-signals-" + n, "shelf-worker-" + n, "user-signals-dead-letter-" + n);
  }

  private void awaitListening(Duration timeout, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Pub/Sub emulator exited: " + Files.readString(log));
      }
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException("the Pub/Sub emulator did not listen within " + timeout
        + ": " + Files.readString(log));
  }

  private static Path emulatorJar() {
    var configured = System.getenv("PUBSUB_EMULATOR_LIB");
    var dirs = Stream.of(configured,
            "/usr/lib/google-cloud-sdk/platform/pubsub-emulator/lib",
            System.getProperty("user.home") + "/google-cloud-sdk/platform/pubsub-emulator/lib")
        .filter(d -> d != null && Files.isDirectory(Path.of(d)))
        .map(Path::of)
        .toList();
    for (var dir : dirs) {
      try (var files = Files.list(dir)) {
        var jar = files.filter(f -> f.getFileName().toString().matches("cloud-pubsub-emulator-.*-all\\.jar"))
            .findFirst();
        if (jar.isPresent()) {
          return jar.get();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("Pub/Sub emulator not found: install the Google Cloud CLI's "
        + "pubsub-emulator component (gcloud components install pubsub-emulator) or set "
        + "PUBSUB_EMULATOR_LIB to the directory holding cloud-pubsub-emulator-*-all.jar");
  }
}
