package dev.homeshelves.service.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.KillSwitch;
import dev.homeshelves.service.experiments.ExperimentConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The layout of the {@code config} table: row {@code experiment#<id>} holds a serialized
 * {@code homeshelves.v1.Experiment}, row {@code kill#<functionId>} a serialized {@code
 * homeshelves.v1.KillSwitch}, both in column {@code c:v}; the newest cell is the current value.
 */
public final class ConfigRows {

  public static final String EXPERIMENT_PREFIX = "experiment#";
  public static final String KILL_PREFIX = "kill#";
  public static final ByteString COLUMN = ByteString.copyFromUtf8("v");

  private ConfigRows() {}

  /**
   * The configuration the rows hold.
   *
   * @param newestValues per row key, the newest value of its {@code c:v} cell
   * @throws InvalidProtocolBufferException when a value does not parse
   */
  public static ExperimentConfig config(Map<String, ByteString> newestValues) throws InvalidProtocolBufferException {
    var experiments = new ArrayList<Experiment>();
    var kills = new HashMap<String, KillSwitch>();
    for (var row : newestValues.entrySet()) {
      if (row.getKey().startsWith(EXPERIMENT_PREFIX)) {
        experiments.add(Experiment.parseFrom(row.getValue()));
      } else if (row.getKey().startsWith(KILL_PREFIX)) {
        var kill = KillSwitch.parseFrom(row.getValue());
        kills.put(kill.getFunctionId(), kill);
      }
    }
    return new ExperimentConfig(experiments, kills);
  }
}
