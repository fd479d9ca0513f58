package dev.homeshelves.service.store;

import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.models.ColumnFamily;
import com.google.cloud.bigtable.admin.v2.models.CreateTableRequest;
import com.google.cloud.bigtable.admin.v2.models.ModifyColumnFamiliesRequest;
import com.google.cloud.bigtable.admin.v2.models.Table;
import dev.homeshelves.service.store.Tables.TableSpec;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates missing tables and adds missing column families (never drops or changes anything). */
@Singleton
public final class TableCreator {

  private static final Logger LOG = LoggerFactory.getLogger(TableCreator.class);

  private final BigtableTableAdminClient admin;

  public TableCreator(BigtableTableAdminClient admin) {
    this.admin = admin;
  }

  /** Creates every table of {@link Tables#ALL} that is missing, and every missing family. */
  public void createMissing() {
    createMissing(Tables.ALL);
  }

  /** Creates the given tables when missing, and their missing families. */
  public void createMissing(List<TableSpec> specs) {
    Set<String> existing = Set.copyOf(admin.listTables());
    for (TableSpec spec : specs) {
      if (!existing.contains(spec.tableId())) {
        CreateTableRequest request = CreateTableRequest.of(spec.tableId());
        spec.families().forEach(request::addFamily);
        admin.createTable(request);
        LOG.info("created Bigtable table {} with families {}", spec.tableId(), spec.families().keySet());
        continue;
      }
      Table table = admin.getTable(spec.tableId());
      Set<String> present =
          table.getColumnFamilies().stream().map(ColumnFamily::getId).collect(Collectors.toSet());
      ModifyColumnFamiliesRequest modify = ModifyColumnFamiliesRequest.of(spec.tableId());
      boolean changed = false;
      for (var family : spec.families().entrySet()) {
        if (!present.contains(family.getKey())) {
          modify.addFamily(family.getKey(), family.getValue());
          changed = true;
        }
      }
      if (changed) {
        admin.modifyFamilies(modify);
        LOG.info("added column families to Bigtable table {}", spec.tableId());
      }
    }
  }
}
