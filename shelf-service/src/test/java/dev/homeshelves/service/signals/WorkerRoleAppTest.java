package dev.homeshelves.service.signals;

import static dev.homeshelves.service.signals.Signals.binary;
import static dev.homeshelves.service.signals.Signals.play;
import static dev.homeshelves.service.signals.Signals.publishAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.homeshelves.api.v1.Item;
import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The worker role started the way {@code home-shelves worker} starts it: configuration only. */
class WorkerRoleAppTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();
  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();

  @TempDir Path dir;

  @Test
  void theApplicationWithTheWorkerRoleTurnsAPublishedPlayIntoShelves() throws Exception {
    var catalog = Files.writeString(dir.resolve("catalog.tsv"),
        "id\ttitle\tartist\n101\tSummer Static\tThe Coastlines\n102\tGolden Haze\tThe Coastlines\n");
    var properties = new java.util.HashMap<String, Object>(PUBSUB.freshProperties());
    properties.put(HomeShelvesApp.WORKER_ENABLED, true);
    properties.put("home-shelves.model.catalog", catalog.toString());
    properties.put("home-shelves.worker.debounce", "100ms");
    try (var app = RunningApp.start(BIGTABLE, properties)) {
      assertThat(app.context().getBean(WorkerSettings.class).debounce()).isEqualTo(Duration.ofMillis(100));
      assertThat(app.context().getBean(WorkerSettings.class).playHistory()).isEqualTo(500);
      var clients = app.context().getBean(PubSubClients.class);
      var publisher = clients.publisher(clients.settings().topic());
      publishAll(publisher, List.of(binary(play("app-user", "102", Instant.now().minusSeconds(5)))));
      publisher.shutdown();

      var shelves = new ShelfStore(BIGTABLE.dataClient());
      await().atMost(Duration.ofSeconds(60)).until(() -> shelves.readHome("app-user", Duration.ofSeconds(5)).stream()
          .anyMatch(s -> s.getId().equals("recently-played")));
      var recent = shelves.readHome("app-user", Duration.ofSeconds(5)).stream()
          .filter(s -> s.getId().equals("recently-played")).findFirst().orElseThrow();
      assertThat(recent.getItemsList()).extracting(Item::getTitle).containsExactly("Golden Haze");
    }
  }
}
