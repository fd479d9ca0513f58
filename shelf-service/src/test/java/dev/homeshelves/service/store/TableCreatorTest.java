package dev.homeshelves.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigtable.admin.v2.models.ColumnFamily;
import com.google.cloud.bigtable.admin.v2.models.GCRules;
import dev.homeshelves.service.store.Tables.TableSpec;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableCreatorTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  @Test
  void createsEveryTableWithItsFamilies() {
    assertThat(BIGTABLE.adminClient().listTables())
        .contains(Tables.SHELVES, Tables.PLAYS, Tables.FOLLOWS, Tables.CONFIG);
    assertThat(BIGTABLE.adminClient().getTable(Tables.SHELVES).getColumnFamilies())
        .extracting(ColumnFamily::getId)
        .containsExactly(Tables.SHELVES_FAMILY);
  }

  @Test
  void addsMissingFamilyToExistingTableAndIsIdempotent() {
    TableCreator creator = new TableCreator(BIGTABLE.adminClient());
    List<TableSpec> withExtraFamily =
        List.of(
            new TableSpec(
                Tables.CONFIG,
                Map.of(
                    Tables.CONFIG_FAMILY, GCRules.GCRULES.maxVersions(10),
                    "x", GCRules.GCRULES.maxVersions(1))));

    creator.createMissing(withExtraFamily);
    creator.createMissing(withExtraFamily);

    assertThat(BIGTABLE.adminClient().getTable(Tables.CONFIG).getColumnFamilies())
        .extracting(ColumnFamily::getId)
        .containsExactlyInAnyOrder(Tables.CONFIG_FAMILY, "x");
  }
}
