package dev.homeshelves.service.experiments;

import static dev.homeshelves.service.experiments.Fixtures.experiment;
import static dev.homeshelves.service.experiments.Fixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.protobuf.ByteString;
import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.service.store.Tables;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConfigStoreTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  static final ExperimentSettings SETTINGS = new ExperimentSettings(Duration.ofSeconds(2), Duration.ofSeconds(2));
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

  private final ConfigStore store = new ConfigStore(BIGTABLE.dataClient(), CLOCK, SETTINGS);

  @AfterEach
  void clearConfig() {
    BIGTABLE.dataClient().readRows(com.google.cloud.bigtable.data.v2.models.Query.create(Tables.CONFIG))
        .forEach(row -> BIGTABLE.dataClient().mutateRow(RowMutation.create(Tables.CONFIG, row.getKey()).deleteRow()));
  }

  @Test
  void storedExperimentIsReadBackStampedWithTheWriteTime() {
    Experiment written = experiment("mfy-size", 0.5, variant("control", 1), variant("short", 1));

    store.putExperiment(written);

    Experiment read = store.experiment("mfy-size").orElseThrow();
    assertThat(read.toBuilder().clearUpdatedAt().build()).isEqualTo(written);
    assertThat(read.getUpdatedAt().getSeconds()).isEqualTo(CLOCK.instant().getEpochSecond());
    assertThat(store.readAll().experiments()).containsExactly(read);
  }

  @Test
  void replacingAnExperimentLeavesOnlyTheNewVersion() {
    store.putExperiment(experiment("grow", 0.1, variant("v", 1)));
    store.putExperiment(experiment("grow", 0.9, variant("v", 1)));

    assertThat(store.readAll().experiments()).singleElement()
        .satisfies(e -> assertThat(e.getAllocation()).isEqualTo(0.9));
  }

  @Test
  void deletedExperimentIsGoneAndDeletingTwiceSaysSo() {
    store.putExperiment(experiment("short-lived", 1.0, variant("v", 1)));

    assertThat(store.deleteExperiment("short-lived")).isTrue();
    assertThat(store.deleteExperiment("short-lived")).isFalse();
    assertThat(store.experiment("short-lived")).isEmpty();
    assertThat(store.readAll().experiments()).isEmpty();
  }

  @Test
  void killAndReviveAreReflectedInTheConfig() {
    store.setKillSwitch("trending-now", true, "bad data upstream");
    ExperimentConfig killed = store.readAll();
    store.setKillSwitch("trending-now", false, "");
    ExperimentConfig revived = store.readAll();

    assertThat(killed.isKilled("trending-now")).isTrue();
    assertThat(killed.killSwitches().get("trending-now").getReason()).isEqualTo("bad data upstream");
    assertThat(revived.isKilled("trending-now")).isFalse();
  }

  @Test
  void corruptRowMakesTheReadFailRatherThanDropAnExperiment() {
    store.putExperiment(experiment("good", 1.0, variant("v", 1)));
    BIGTABLE.dataClient().mutateRow(RowMutation.create(Tables.CONFIG, ConfigStore.EXPERIMENT_PREFIX + "bad")
        .setCell(Tables.CONFIG_FAMILY, ByteString.copyFromUtf8("v"), ByteString.copyFromUtf8("\\u0000not a proto")));

    assertThatThrownBy(store::readAll).isInstanceOf(ConfigReadException.class).hasMessageContaining("does not parse");
  }

  @Test
  void liveConfigKeepsTheLastGoodCopyWhenARowIsCorrupt() {
    store.putExperiment(experiment("good", 1.0, variant("v", 1)));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LiveExperiments live = new LiveExperiments(store, Clock.systemUTC(), ConfigStoreTest.SETTINGS, registry);
    live.refresh();
    BIGTABLE.dataClient().mutateRow(RowMutation.create(Tables.CONFIG, ConfigStore.EXPERIMENT_PREFIX + "bad")
        .setCell(Tables.CONFIG_FAMILY, ByteString.copyFromUtf8("v"), ByteString.copyFrom(new byte[] {(byte) 0xff, 1})));

    live.refresh();

    assertThat(live.current().experiments()).extracting(Experiment::getId).containsExactly("good");
    assertThat(registry.counter("homeshelves.experiments.config.read.failures").count()).isEqualTo(1.0);
  }
}
