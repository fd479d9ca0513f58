package dev.homeshelves.loadtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Provenance;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.Tables;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user's shelves row says it reflects, as the fault suite's stale-Home check reads it. */
class SettlementTest {

  @Test
  void aHomeReflectsTheNewestSignalItsServedShelvesWereComputedFrom() {
    var row = row(
        manifest(3_000, "recently-played\ntrending-now"),
        shelf("recently-played", 3_000, 2_500),
        shelf("recently-played", 1_000, 900),
        shelf("trending-now", 3_000, 2_400));

    assertThat(Settlement.newestAppliedMillis(row)).isEqualTo(2_500);
  }

  @Test
  void aFailedNewestCellFallsBackToTheOlderShelfAsGetHomeDoes() {
    var row = row(
        manifest(3_000, "recently-played"),
        failed("recently-played", 3_000),
        shelf("recently-played", 1_000, 900));

    assertThat(Settlement.newestAppliedMillis(row)).isEqualTo(900);
  }

  @Test
  void aRecomputeThatHadNothingToShowReflectsEverythingBeforeItsEmptyManifest() {
    var row = row(manifest(5_000, ""), manifest(1_000, "more-like-artist"));

    assertThat(Settlement.newestAppliedMillis(row)).isEqualTo(5_000);
  }

  @Test
  void aRowWithoutAnyShelfOrEmptyManifestReflectsNothing() {
    assertThat(Settlement.newestAppliedMillis(row(manifest(5_000, "recently-played")))).isEqualTo(-1);
  }

  private static Row row(RowCell... cells) {
    // Bigtable returns cells by qualifier (the manifest's NUL sorts first), newest version first.
    List<RowCell> sorted = new ArrayList<>(List.of(cells));
    sorted.sort(RowCell.compareByNative());
    return Row.create(ByteString.copyFromUtf8("u#someone"), sorted);
  }

  private static RowCell manifest(long atMillis, String ids) {
    return RowCell.create(Tables.SHELVES_FAMILY, ShelfStore.MANIFEST, atMillis * 1000, List.of(),
        ByteString.copyFromUtf8(ids));
  }

  private static RowCell failed(String id, long atMillis) {
    return RowCell.create(Tables.SHELVES_FAMILY, ByteString.copyFromUtf8(id), atMillis * 1000, List.of(),
        ByteString.EMPTY);
  }

  private static RowCell shelf(String id, long atMillis, long lastSignalMillis) {
    var shelf = Shelf.newBuilder().setId(id).setComputedAt(Timestamps.fromMillis(atMillis))
        .setProvenance(Provenance.newBuilder().setLastSignalAt(Timestamps.fromMillis(lastSignalMillis)))
        .build();
    return RowCell.create(Tables.SHELVES_FAMILY, ByteString.copyFromUtf8(id), atMillis * 1000, List.of(),
        shelf.toByteString());
  }
}
