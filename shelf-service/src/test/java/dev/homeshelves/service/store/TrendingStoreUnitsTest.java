package dev.homeshelves.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.service.store.TrendingStore.UnitRef;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bucket with a thousand units (one writer flushing every 60 ms for a minute), against the
 * Bigtable emulator. Prints the cost figures of docs/decisions/2026-12-07-trending-cells.md.
 */
class TrendingStoreUnitsTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  @Test
  void aThousandUnitsOfOneBucketSumExactlyAndEachClaimIsWonOnce() throws Exception {
    var store = new TrendingStore(BIGTABLE.dataClient(), Duration.ofMinutes(1));
    Instant bucket = Instant.parse("2026-12-07T01:00:00Z");
    var unitMs = new double[1000];
    for (int i = 0; i < 1000; i++) {
      long t0 = System.nanoTime();
      assertThat(store.writeUnit(new UnitRef("w", i, 0, bucket), Map.of("hot", 5L, "tail-" + i, 1L)).get()).isTrue();
      unitMs[i] = (System.nanoTime() - t0) / 1e6;
    }
    long t0 = System.nanoTime();
    var counts = store.counts(bucket, bucket);
    double readMs = (System.nanoTime() - t0) / 1e6;
    t0 = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      assertThat(store.claim("u" + i, "e" + i, new UnitRef("w", 0, 0, bucket), i, Instant.now()).get()).isEmpty();
    }
    double claimMs = (System.nanoTime() - t0) / 1e6 / 1000;

    assertThat(counts).hasSize(1001).containsEntry("hot", 5000L).containsEntry("tail-999", 1L);
    assertThat(store.claim("u7", "e7", new UnitRef("w2", 0, 0, bucket), 0, Instant.now()).get()).isPresent();
    System.out.printf("trending units: write of unit 100 / 500 / 999 of the bucket %.2f / %.2f / %.2f ms;"
        + " read of the bucket (1,000 units, 2,000 cells) %.1f ms; claim %.2f ms each (sequential)%n",
        unitMs[100], unitMs[500], unitMs[999], readMs, claimMs);
  }
}
