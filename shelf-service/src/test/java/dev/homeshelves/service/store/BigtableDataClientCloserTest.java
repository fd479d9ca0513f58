package dev.homeshelves.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.TableId;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BigtableDataClientCloserTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  @Test
  void stoppingTheApplicationClosesItsBigtableClient() {
    RunningApp app = RunningApp.start(BIGTABLE, Map.of());
    BigtableDataClient client = app.context().getBean(BigtableDataClient.class);
    TableId shelves = TableId.of(Tables.SHELVES);
    assertThat(client.readRow(shelves, "u#nobody")).isNull();

    app.close();

    assertThatThrownBy(() -> client.readRowAsync(shelves, "u#nobody").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
  }
}
