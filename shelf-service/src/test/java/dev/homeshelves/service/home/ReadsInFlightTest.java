package dev.homeshelves.service.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.core.ApiFuture;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** GetHome's Bigtable reads in flight are bounded: a call beyond the bound falls back without a read. */
class ReadsInFlightTest {

  @Test
  void aReadBeyondTheBoundFallsBackAtOnceAndTheBoundIsFreedWhenTheReadEnds() throws Exception {
    try (HangingServer bigtable = new HangingServer()) {
      BigtableDataClient client = BigtableDataClient.create(
          BigtableDataSettings.newBuilderForEmulator("127.0.0.1", bigtable.port())
              .setProjectId(BigtableEmulatorExtension.PROJECT)
              .setInstanceId(BigtableEmulatorExtension.INSTANCE)
              .build());
      try {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HomeSettings settings = HomeFixtures.withMaxReadsInFlight(HomeFixtures.settings(Duration.ofMillis(500)), 1);
        HomeReader reader = HomeFixtures.reader(new ShelfStore(client), settings, registry, null);

        ApiFuture<Home> first = reader.readAsync("first");
        ApiFuture<Home> second = reader.readAsync("second");

        // The first read hangs until its deadline; the second is not even started.
        assertThat(first.isDone()).isFalse();
        assertThat(second.isDone()).isTrue();
        assertThat(second.get().source()).isEqualTo(Source.SOURCE_DEFAULT);
        assertThat(shed(registry)).isEqualTo(1);

        assertThat(first.get(10, TimeUnit.SECONDS).source()).isEqualTo(Source.SOURCE_DEFAULT);
        ApiFuture<Home> third = reader.readAsync("third");
        assertThat(third.isDone()).as("the ended read gave its place back").isFalse();
        assertThat(third.get(10, TimeUnit.SECONDS).source()).isEqualTo(Source.SOURCE_DEFAULT);
        assertThat(shed(registry)).isEqualTo(1);
      } finally {
        client.close();
      }
    }
  }

  private static double shed(SimpleMeterRegistry registry) {
    return registry.get("homeshelves.home.bigtable.reads.skipped").tag("reason", "reads-in-flight").counter().count();
  }

  /** Accepts connections and never answers: every read on it waits for its deadline. */
  private static final class HangingServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor = new Thread(this::accept, "hanging-bigtable");

    HangingServer() throws IOException {
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      try {
        while (true) {
          accepted.add(socket.accept());
        }
      } catch (IOException closed) {
        // close() below
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
