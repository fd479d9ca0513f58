package dev.homeshelves.service.store;

import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.models.ColumnFamily;
import com.google.cloud.bigtable.admin.v2.models.CreateTableRequest;
import com.google.cloud.bigtable.admin.v2.models.GCRules.GCRule;
import com.google.cloud.bigtable.admin.v2.models.ModifyColumnFamiliesRequest;
import com.google.protobuf.TextFormat;
import dev.homeshelves.service.store.Tables.TableSpec;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Bigtable tables match {@link Tables#ALL}: {@link #plan} lists the changes (missing
 * tables, missing column families, GC policies that differ), {@link #apply} makes them. Never
 * drops a table or a family. {@code home-shelves provision} applies the whole plan; the
 * start-up with {@code create-tables} only creates what is missing ({@link #createMissing()}).
 */
@Singleton
public final class TableCreator {

  private static final Logger LOG = LoggerFactory.getLogger(TableCreator.class);

  private final BigtableTableAdminClient admin;

  public TableCreator(BigtableTableAdminClient admin) {
    this.admin = admin;
  }

  /** One change to the tables. */
  public sealed interface Change permits CreateTable, AddFamily, SetGcRule {
    /** What the change does, one line, for the plan. */
    String describe();

    /** Whether the change only adds something (as opposed to changing what exists). */
    default boolean adds() {
      return !(this instanceof SetGcRule);
    }
  }

  /** Creates a table with its families. */
  public record CreateTable(TableSpec spec) implements Change {
    @Override
    public String describe() {
      return "create Bigtable table " + spec.tableId() + " with families " + families(spec.families());
    }
  }

  /** Adds a missing family to an existing table. */
  public record AddFamily(String tableId, String family, GCRule rule) implements Change {
    @Override
    public String describe() {
      return "add column family " + tableId + ":" + family + " (GC " + text(rule) + ")";
    }
  }

  /** Replaces the GC policy of an existing family. */
  public record SetGcRule(String tableId, String family, GCRule from, GCRule to) implements Change {
    @Override
    public String describe() {
      return "change GC policy of " + tableId + ":" + family + " from " + text(from) + " to " + text(to);
    }
  }

  /** The changes that would make the instance's tables match {@code specs}. */
  public List<Change> plan(List<TableSpec> specs) {
    Set<String> existing = Set.copyOf(admin.listTables());
    List<Change> changes = new ArrayList<>();
    for (TableSpec spec : specs) {
      if (!existing.contains(spec.tableId())) {
        changes.add(new CreateTable(spec));
        continue;
      }
      Map<String, ColumnFamily> present = admin.getTable(spec.tableId()).getColumnFamilies().stream()
          .collect(Collectors.toMap(ColumnFamily::getId, Function.identity()));
      for (var family : new TreeMap<>(spec.families()).entrySet()) {
        ColumnFamily current = present.get(family.getKey());
        if (current == null) {
          changes.add(new AddFamily(spec.tableId(), family.getKey(), family.getValue()));
        } else if (!current.getGCRule().toProto().equals(family.getValue().toProto())) {
          changes.add(new SetGcRule(spec.tableId(), family.getKey(), current.getGCRule(), family.getValue()));
        }
      }
    }
    return changes;
  }

  /** Makes the given changes (from {@link #plan}), logging each. */
  public void apply(List<Change> changes) {
    for (Change change : changes) {
      if (change instanceof CreateTable create) {
        CreateTableRequest request = CreateTableRequest.of(create.spec().tableId());
        create.spec().families().forEach(request::addFamily);
        admin.createTable(request);
      } else if (change instanceof AddFamily add) {
        admin.modifyFamilies(ModifyColumnFamiliesRequest.of(add.tableId()).addFamily(add.family(), add.rule()));
      } else if (change instanceof SetGcRule set) {
        admin.modifyFamilies(ModifyColumnFamiliesRequest.of(set.tableId()).updateFamily(set.family(), set.to()));
      }
      LOG.info("{}", change.describe());
    }
  }

  /** Creates every table of {@link Tables#ALL} that is missing, and every missing family. */
  public void createMissing() {
    createMissing(Tables.ALL);
  }

  /** Creates the given tables when missing, and their missing families; changes nothing else. */
  public void createMissing(List<TableSpec> specs) {
    apply(plan(specs).stream().filter(Change::adds).toList());
  }

  private static String families(Map<String, GCRule> families) {
    return new TreeMap<>(families).entrySet().stream()
        .map(f -> f.getKey() + " (GC " + text(f.getValue()) + ")")
        .collect(Collectors.joining(", "));
  }

  private static String text(GCRule rule) {
    return TextFormat.shortDebugString(rule.toProto());
  }
}
