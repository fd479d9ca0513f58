package dev.homeshelves.service.home;

import static dev.homeshelves.service.home.HomeFixtures.shelf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.tracing.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read breaker against storage that hangs: a socket that accepts connections and never
 * answers, so every read runs into its deadline as it does when Bigtable stalls, and against
 * the real emulator stopped and restarted.
 */
class ReadBreakerTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private static final Duration DEADLINE = Duration.ofMillis(50);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private ServerSocket blackHole;
  private BigtableDataClient hanging;

  @AfterEach
  void close() throws IOException {
    if (hanging != null) {
      hanging.close();
    }
    if (blackHole != null) {
      blackHole.close();
    }
    for (Socket s : held) {
      s.close();
    }
  }

  @Test
  void afterAWindowOfTimedOutReadsGetHomeAnswersFromTheFallbacksWithoutReading() throws Exception {
    ShelfStore working = new ShelfStore(BIGTABLE.dataClient());
    working.writeDefaultHome(List.of(shelf("trending", 1, 5)));
    HomeSettings settings = HomeFixtures.withBreaker(HomeFixtures.settings(DEADLINE), 50, 10, Duration.ofHours(1));
    HomeMetrics metrics = new HomeMetrics(registry);
    DefaultHome defaultHome = new DefaultHome(working, settings, metrics);
    defaultHome.refresh();
    HomeReader reader = new HomeReader(new ShelfStore(hangingClient()), new LastGoodHomes(settings, registry),
        defaultHome, settings, metrics, Tracing.off());

    for (int i = 0; i < 10; i++) {
      assertThat(reader.read("user-" + i).source()).isEqualTo(Source.SOURCE_DEFAULT);
    }
    assertThat(timeouts()).isEqualTo(10);
    assertThat(breakerState()).isEqualTo(1);

    for (int i = 0; i < 200; i++) {
      assertThat(reader.read("user-" + i).source()).isEqualTo(Source.SOURCE_DEFAULT);
    }
    // Not one more read went to the hanging storage: each call was answered at once.
    assertThat(timeouts()).isEqualTo(10);
    assertThat(registry.get("homeshelves.home.bigtable.reads.skipped").tag("reason", "breaker-open").counter().count()).isEqualTo(200);
  }

  @Test
  void fewerFailuresThanTheRateKeepItClosedAndAnOpenBreakerClosesOnceStorageAnswersAgain() throws Exception {
    ShelfStore store = new ShelfStore(BIGTABLE.dataClient());
    store.writeShelves("alice", List.of(shelf("jump-back-in", 2, 3)));
    store.writeDefaultHome(List.of(shelf("trending", 1, 5)));
    HomeSettings settings = HomeFixtures.withBreaker(HomeFixtures.settings(Duration.ofMillis(500)), 50, 10,
        Duration.ofMillis(200));
    HomeReader reader = HomeFixtures.reader(store, settings, registry, null);
    for (int i = 0; i < 6; i++) {
      assertThat(reader.read("alice").source()).isEqualTo(Source.SOURCE_FRESH);
    }

    BIGTABLE.stop();
    for (int i = 0; i < 4; i++) {
      assertThat(reader.read("alice").source()).isEqualTo(Source.SOURCE_STALE);
    }
    assertThat(breakerState()).as("4 of 10 failed, under 50 %").isZero();
    for (int i = 0; i < 6; i++) {
      reader.read("alice");
    }
    assertThat(breakerState()).as("10 of the last 10 failed").isEqualTo(1);
    assertThat(reader.read("alice").source()).isEqualTo(Source.SOURCE_STALE);

    BIGTABLE.restart();
    store.writeShelves("alice", List.of(shelf("jump-back-in", 2, 3)));
    // After open-for, probe reads go through, succeed, and the breaker closes.
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(reader.read("alice").source()).isEqualTo(Source.SOURCE_FRESH));
    for (int i = 0; i < 5; i++) {
      reader.read("alice");
    }
    assertThat(breakerState()).isZero();
  }

  /** A Bigtable client whose endpoint accepts connections and never answers. */
  private BigtableDataClient hangingClient() throws IOException {
    blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          held.add(blackHole.accept());
        }
      } catch (IOException closed) {
        // the test is over
      }
    }, "black-hole");
    acceptor.setDaemon(true);
    acceptor.start();
    hanging = BigtableDataClient.create(BigtableDataSettings
        .newBuilderForEmulator("127.0.0.1", blackHole.getLocalPort())
        .setProjectId(BigtableEmulatorExtension.PROJECT)
        .setInstanceId(BigtableEmulatorExtension.INSTANCE)
        .build());
    return hanging;
  }

  private double timeouts() {
    return registry.get("homeshelves.home.bigtable.read.failures").tag("reason", "timeout").counter().count();
  }

  private double breakerState() {
    return registry.get("homeshelves.home.bigtable.breaker.state").gauge().value();
  }
}
