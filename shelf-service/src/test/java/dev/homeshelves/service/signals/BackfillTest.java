package dev.homeshelves.service.signals;

import static dev.homeshelves.service.signals.Signals.play;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigtable.data.v2.models.Mutation;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.RateLimiter;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.PlayStore;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.Tables;
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
import java.util.stream.IntStream;
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
    assertThat(result.complete()).isTrue();
    assertThat(recentlyPlayed("bf-a")).isEmpty();
    assertThat(recentlyPlayed("bf-b")).isEmpty();
    assertThat(recentlyPlayed("bf-c")).isNotEmpty();
    assertThat(recentlyPlayed("bf-d")).isNotEmpty();
    assertThat(Files.readString(checkpoint).strip()).isEqualTo("bf-d");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("resuming after bf-b")
        .containsPattern("backfill: 2 users in [0-9.]+ s, [0-9]+ users/s, [0-9.]+ ms CPU per user, 0 failed");
  }

  @Test
  void streamsUsersPastABatchCheckpointingEachAndARerunResumesAfterTheCheckpoint() throws Exception {
    // Named to sort before the other tests' users: "a0-000" .. "a0-249".
    var plays = new PlayStore(BIGTABLE.dataClient(), 500);
    var users = IntStream.range(0, 250).mapToObj(i -> String.format("a0-%03d", i)).toList();
    for (var user : users) {
      plays.storeIfNew(play(user, "hello", Instant.now().minusSeconds(60))).get();
    }
    var checkpoint = dir.resolve("stream.checkpoint");

    var first = backfill(checkpoint).allUsers();

    assertThat(first.complete()).isTrue();
    assertThat(first.done()).isGreaterThanOrEqualTo(users.size());
    assertThat(users).allSatisfy(u -> assertThat(recentlyPlayed(u)).as(u).isNotEmpty());
    // A progress line and a checkpoint after every 100 users, in row order.
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("backfill: 100 users, ", "last a0-099", "backfill: 200 users, ", "last a0-199");

    // A finished run's checkpoint leaves nothing to do.
    assertThat(backfill(checkpoint).allUsers().done()).isZero();

    // Resuming after a0-149 recomputes a0-150 onwards and nothing before.
    users.forEach(this::deleteShelves);
    Files.writeString(checkpoint, "a0-149\n");
    var resumed = backfill(checkpoint).allUsers();

    assertThat(resumed.done()).isGreaterThanOrEqualTo(100);
    assertThat(users.subList(0, 150)).allSatisfy(u -> assertThat(recentlyPlayed(u)).as(u).isEmpty());
    assertThat(users.subList(150, 250)).allSatisfy(u -> assertThat(recentlyPlayed(u)).as(u).isNotEmpty());
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

  private void deleteShelves(String user) {
    BIGTABLE.dataClient().mutateRow(RowMutation.create(TableId.of(Tables.SHELVES), ShelfStore.userRow(user),
        Mutation.create().deleteRow()));
  }

  private List<Shelf> recentlyPlayed(String user) {
    return shelves.readHome(user, Duration.ofSeconds(5)).stream()
        .filter(s -> s.getId().equals("recently-played")).toList();
  }
}
