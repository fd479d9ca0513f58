package dev.homeshelves.service.experiments;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.KillSwitch;
import dev.homeshelves.service.store.ConfigRows;
import dev.homeshelves.service.store.Tables;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Experiments and kill switches in the {@code config} table. Row {@code experiment#<id>} holds
 * a serialized {@code homeshelves.v1.Experiment}, row {@code kill#<functionId>} a serialized
 * {@code homeshelves.v1.KillSwitch}, both in column {@code c:v}; the newest cell is the current
 * value. The table is small (one row per experiment and per switched function), so every
 * replica simply reads all of it on each poll. Every call gives up (retries included) after
 * {@code home-shelves.experiments.read-deadline}, so an outage cannot stall a poll or an admin RPC.
 */
@Singleton
public final class ConfigStore {

  static final String EXPERIMENT_PREFIX = ConfigRows.EXPERIMENT_PREFIX;
  static final String KILL_PREFIX = ConfigRows.KILL_PREFIX;
  private static final ByteString COLUMN = ConfigRows.COLUMN;
  private static final TableId TABLE = TableId.of(Tables.CONFIG);

  private final BigtableDataClient client;
  private final Clock clock;
  private final GrpcCallContext callContext;

  /** Reads and writes through this client; {@code clock} stamps updates. */
  public ConfigStore(BigtableDataClient client, Clock clock, ExperimentSettings settings) {
    this.client = client;
    this.clock = clock;
    this.callContext = callContext(settings.readDeadline());
  }

  /**
   * The whole configuration, read in one scan.
   *
   * @throws ConfigReadException when Bigtable fails or a row does not parse; callers keep the
   *     configuration they had
   */
  public ExperimentConfig readAll() {
    // In row order, as the scan returns them (ExperimentConfig keeps the experiments' order).
    Map<String, ByteString> values = new LinkedHashMap<>();
    try {
      Query query = Query.create(TABLE).filter(FILTERS.chain()
          .filter(FILTERS.family().exactMatch(Tables.CONFIG_FAMILY))
          .filter(FILTERS.qualifier().exactMatch(COLUMN))
          // The emulator never garbage-collects: read only the newest version.
          .filter(FILTERS.limit().cellsPerColumn(1)));
      for (Row row : client.readRowsCallable().all().call(query, callContext)) {
        ByteString value = newest(row);
        if (value != null) {
          values.put(row.getKey().toStringUtf8(), value);
        }
      }
      return ConfigRows.config(values);
    } catch (ApiException e) {
      throw new ConfigReadException("cannot read the config table: " + e.getMessage(), e);
    } catch (InvalidProtocolBufferException e) {
      throw new ConfigReadException("a row of the config table does not parse: " + e.getMessage(), e);
    }
  }

  /** The stored experiment with this id, if any. */
  public Optional<Experiment> experiment(String id) {
    try {
      Query query = Query.create(TABLE).rowKey(EXPERIMENT_PREFIX + id).filter(FILTERS.limit().cellsPerColumn(1));
      Row row = client.readRowCallable().call(query, callContext);
      ByteString value = row == null ? null : newest(row);
      return value == null ? Optional.empty() : Optional.of(Experiment.parseFrom(value));
    } catch (ApiException e) {
      throw new ConfigReadException("cannot read the config table: " + e.getMessage(), e);
    } catch (InvalidProtocolBufferException e) {
      throw new ConfigReadException("experiment " + id + " does not parse: " + e.getMessage(), e);
    }
  }

  /** Stores the experiment (already validated), stamped with the current time; returns what was stored. */
  public Experiment putExperiment(Experiment experiment) {
    Experiment stamped = experiment.toBuilder().setUpdatedAt(Timestamps.fromMillis(clock.millis())).build();
    write(EXPERIMENT_PREFIX + experiment.getId(), stamped.toByteString());
    return stamped;
  }

  /** Deletes the experiment; false when there was none. */
  public boolean deleteExperiment(String id) {
    if (experiment(id).isEmpty()) {
      return false;
    }
    mutate(RowMutation.create(TABLE, EXPERIMENT_PREFIX + id).deleteRow());
    return true;
  }

  /** Sets a function's kill switch on ({@code killed}) or off; returns what was stored. */
  public KillSwitch setKillSwitch(String functionId, boolean killed, String reason) {
    KillSwitch kill = KillSwitch.newBuilder()
        .setFunctionId(functionId)
        .setKilled(killed)
        .setReason(killed ? reason : "")
        .setChangedAt(Timestamps.fromMillis(clock.millis()))
        .build();
    write(KILL_PREFIX + functionId, kill.toByteString());
    return kill;
  }

  private void write(String rowKey, ByteString value) {
    // Delete-then-set in one atomic row mutation: the new value is the only cell, so a replica
    // whose clock is behind can still replace a value written by one whose clock is ahead.
    mutate(RowMutation.create(TABLE, rowKey)
        .deleteCells(Tables.CONFIG_FAMILY, COLUMN)
        .setCell(Tables.CONFIG_FAMILY, COLUMN, clock.millis() * 1000, value));
  }

  private void mutate(RowMutation mutation) {
    try {
      client.mutateRowCallable().call(mutation, callContext);
    } catch (ApiException e) {
      throw new ConfigReadException("cannot write the config table: " + e.getMessage(), e);
    }
  }

  private static GrpcCallContext callContext(Duration deadline) {
    RetrySettings retry = RetrySettings.newBuilder()
        .setInitialRetryDelayDuration(Duration.ofMillis(10))
        .setRetryDelayMultiplier(2)
        .setMaxRetryDelayDuration(Duration.ofMillis(200))
        .setInitialRpcTimeoutDuration(deadline)
        .setRpcTimeoutMultiplier(1)
        .setMaxRpcTimeoutDuration(deadline)
        .setTotalTimeoutDuration(deadline)
        .build();
    return GrpcCallContext.createDefault().withRetrySettings(retry).withTimeoutDuration(deadline);
  }

  private static ByteString newest(Row row) {
    List<RowCell> cells = row.getCells(Tables.CONFIG_FAMILY, COLUMN);
    return cells.isEmpty() ? null : cells.get(0).getValue();
  }
}
