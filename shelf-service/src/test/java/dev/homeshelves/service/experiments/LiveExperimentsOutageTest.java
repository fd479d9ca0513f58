package dev.homeshelves.service.experiments;

import static dev.homeshelves.service.experiments.Fixtures.experiment;
import static dev.homeshelves.service.experiments.Fixtures.off;
import static dev.homeshelves.service.experiments.Fixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LiveExperimentsOutageTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  @Test
  void lastGoodConfigStaysInForceWhileTheConfigTableCannotBeRead() throws Exception {
    ConfigStore store = new ConfigStore(BIGTABLE.dataClient(), Clock.systemUTC(), ConfigStoreTest.SETTINGS);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LiveExperiments live = new LiveExperiments(store, Clock.systemUTC(), ConfigStoreTest.SETTINGS, registry);
    store.putExperiment(experiment("no-trending", 1.0, variant("off", 1).toBuilder()
        .putFunctions("trending-now", off()).build()));
    store.setKillSwitch("made-for-you", true, "incident");
    live.refresh();

    BIGTABLE.stop();
    try {
      live.refresh();

      assertThat(registry.counter("homeshelves.experiments.config.read.failures").count()).isEqualTo(1.0);
      assertThat(live.treatmentFor("user-1").isEnabled("trending-now")).isFalse();
      assertThat(live.current().isKilled("made-for-you")).isTrue();
    } finally {
      // Leave a running emulator for the extension to stop.
      BIGTABLE.restart();
    }
  }
}
