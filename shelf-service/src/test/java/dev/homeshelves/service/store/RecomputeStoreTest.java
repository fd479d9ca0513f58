package dev.homeshelves.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The owed marks and leases of the recompute table on the real Bigtable emulator. */
class RecomputeStoreTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private final RecomputeStore store = new RecomputeStore(BIGTABLE.dataClient());

  @Test
  void aLeaseIsExclusiveUntilGivenBackAndThenRefusedUntilTheNextStart() throws Exception {
    var t0 = Instant.parse("2026-12-07T01:00:00Z");

    assertThat(store.tryAcquire("ls-1", "a", t0, t0.plusSeconds(30)).get()).isTrue();
    assertThat(store.tryAcquire("ls-1", "b", t0.plusSeconds(1), t0.plusSeconds(31)).get()).isFalse();
    assertThat(store.release("ls-1", "b", t0.plusSeconds(2), 5, 0, "").get()).isFalse();
    assertThat(store.release("ls-1", "a", t0.plusSeconds(3), 7, 1, "boom").get()).isTrue();

    var lease = store.read(List.of("ls-1")).get().get("ls-1").lease();
    assertThat(lease.owner()).isEmpty();
    assertThat(lease.until()).isEqualTo(t0.plusSeconds(3));
    assertThat(lease.version()).isEqualTo(7);
    assertThat(lease.attempts()).isEqualTo(1);
    assertThat(lease.reason()).isEqualTo("boom");
    assertThat(store.tryAcquire("ls-1", "b", t0.plusSeconds(2), t0.plusSeconds(32)).get()).isFalse();
    assertThat(store.tryAcquire("ls-1", "b", t0.plusSeconds(4), t0.plusSeconds(34)).get()).isTrue();
    assertThat(store.read(List.of("ls-1")).get().get("ls-1").lease().owner()).isEqualTo("b");
    // An expired lease is free for anyone.
    assertThat(store.tryAcquire("ls-1", "c", t0.plusSeconds(40), t0.plusSeconds(70)).get()).isTrue();
  }

  @Test
  void clearingTheMarksSeenKeepsAMarkAddedMeanwhile() throws Exception {
    var at = Instant.parse("2026-12-07T01:00:00Z");
    store.markOwed("om-1", "e1", at, null).get();
    store.markOwed("om-1", "e2", at.plusSeconds(1), null).get();
    var seen = store.read(List.of("om-1")).get().get("om-1").owed();
    assertThat(seen).containsOnlyKeys("e1", "e2").containsEntry("e2", at.plusSeconds(1));

    store.markOwed("om-1", "e3", at.plusSeconds(2), null).get();
    store.clearOwed(Map.of("om-1", Set.copyOf(seen.keySet()))).get();

    assertThat(store.read(List.of("om-1")).get().get("om-1").owed()).containsOnlyKeys("e3");
    assertThat(store.owedSince(Instant.now().plusSeconds(1), 100)).contains("om-1");
    store.clearOwed(Map.of("om-1", Set.of("e3"))).get();
    assertThat(store.owedSince(Instant.now().plusSeconds(1), 100)).doesNotContain("om-1");
  }

  @Test
  void aMarkKeepsTheTraceContextOfItsSignalNextToWhenItOccurred() throws Exception {
    var at = Instant.parse("2026-12-07T02:00:00Z");
    var traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    store.markOwed("om-2", "traced", at, traceparent).get();
    store.markOwed("om-2", "untraced", at.plusSeconds(1), null).get();

    var state = store.read(List.of("om-2")).get().get("om-2");

    assertThat(state.owed()).containsExactlyInAnyOrderEntriesOf(Map.of("traced", at, "untraced", at.plusSeconds(1)));
    assertThat(state.traceparents()).containsExactly(traceparent);
  }
}
