package dev.homeshelves.service.signals;

import static dev.homeshelves.service.signals.Signals.play;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.RateLimiter;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Backfill against the real Bigtable emulator. */
class BackfillTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  @TempDir Path dir;

  private final ShelfStore shelves = new ShelfStore(BIGTABLE.dataClient());
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void recomputesEveryUserWithPlaysAndResumesAfterTheCheckpoint() throws Exception {
    var plays = new PlayStore(BIGTABLE.dataClient(), 500);
    for (var user : List.of("bf-a", "bf-b", "bf-c", "bf-d")) {
      plays.storeIfNew(play(user, "hello", Instant.now().minusSeconds(60))).get();
    }
    var checkpoint = dir.resolve("backfill.checkpoint");
    // A previous run got as far as bf-b.
    Files.writeString(checkpoint, "bf-b\n");

    var result = backfill(checkpoint).allUsers();

    assertThat(result.done()).isEqualTo(2);
    assertThat(result.skipped()).isGreaterThanOrEqualTo(2);
    assertThat(recentlyPlayed("bf-a")).isEmpty();
    assertThat(recentlyPlayed("bf-b")).isEmpty();
    assertThat(recentlyPlayed("bf-c")).isNotEmpty();
    assertThat(recentlyPlayed("bf-d")).isNotEmpty();
    assertThat(Files.readString(checkpoint).strip()).isEqualTo("bf-d");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("2/2 users (100%)");
  }

  @Test
  void recomputesOnlyTheListedUsers() throws Exception {
    // Named to sort before the other test's checkpoint, so neither test disturbs the other.
    var plays = new PlayStore(BIGTABLE.dataClient(), 500);
    for (var user : List.of("aa-list-a", "aa-list-b")) {
      plays.storeIfNew(play(user, "one", Instant.now().minusSeconds(60))).get();
    }
    var list = Files.writeString(dir.resolve("users.txt"), "# users to redo\naa-list-b\n\n");

    var result = backfill(dir.resolve("listed.checkpoint")).listed(list);

    assertThat(result.done()).isEqualTo(1);
    assertThat(recentlyPlayed("aa-list-a")).isEmpty();
    assertThat(recentlyPlayed("aa-list-b")).isNotEmpty();
  }

  private Backfill backfill(Path checkpoint) {
    var metrics = new WorkerMetrics(new SimpleMeterRegistry());
    var runner = new FunctionRunner(1, Duration.ofSeconds(5), metrics);
    var recomputer = TestWorkers.recomputerOver(BIGTABLE.dataClient(), TestWorkers.musicModel(),
        TestWorkers.builtIns(), runner, metrics, Clock.systemUTC());
    return new Backfill(BIGTABLE.dataClient(), recomputer, RateLimiter.create(1000), 2, checkpoint,
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private List<Shelf> recentlyPlayed(String user) {
    return shelves.readHome(user, Duration.ofSeconds(5)).stream()
        .filter(s -> s.getId().equals("recently-played")).toList();
  }
}
