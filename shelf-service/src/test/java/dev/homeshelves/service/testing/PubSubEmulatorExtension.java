package dev.homeshelves.service.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * one class never see each other's messages. It is started by {@code bin/pubsub-emulator},
 * which finds the jar ({@code PUBSUB_EMULATOR_LIB} or the Cloud CLI's usual places) and fixes
 * its class path.
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
    process = new ProcessBuilder(launcher().toString(), "--port", String.valueOf(port))
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

  /**
   * The {@code home-shelves.pubsub.*} properties of this emulator, with topic, subscription and
   * dead-letter names unique to the caller (everything else from application.yml).
   */
  public Map<String, Object> freshProperties() {
    int n = NAMES.incrementAndGet();
    return Map.of(
        "home-shelves.pubsub.project", PROJECT,
        "home-shelves.pubsub.emulator-host", host(),
        "home-shelves.pubsub.topic", "user-signals-" + n,
        "home-shelves.pubsub.subscription", "shelf-worker-" + n,
        "home-shelves.pubsub.dead-letter-topic", "user-signals-dead-letter-" + n,
        "home-shelves.pubsub.dead-letter-subscription", "user-signals-dead-letter-" + n);
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

  /** The project's launcher; tests run in a module directory, one below the project root. */
  private static Path launcher() {
    var script = Path.of("").toAbsolutePath().getParent().resolve("bin/pubsub-emulator");
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("cannot find " + script + ": run the tests from the project's modules");
    }
    return script;
  }
}
