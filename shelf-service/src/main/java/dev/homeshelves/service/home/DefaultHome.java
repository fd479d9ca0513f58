package dev.homeshelves.service.home;

import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.StoreReadException;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default Home (trending and editorial shelves from the {@code default} row), kept in
 * memory and refreshed periodically so that serving it never touches storage. When a refresh
 * fails the previous copy stays.
 */
@Singleton
public final class DefaultHome {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultHome.class);

  private final ShelfStore store;
  private final HomeSettings settings;
  private final HomeMetrics metrics;
  private final AtomicReference<List<Shelf>> shelves = new AtomicReference<>(List.of());

  public DefaultHome(ShelfStore store, HomeSettings settings, HomeMetrics metrics) {
    this.store = store;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** The default shelves, best first; empty until the {@code default} row has been read once. */
  public List<Shelf> shelves() {
    return shelves.get();
  }

  /** Re-reads the {@code default} row; keeps the current copy when that fails. */
  @PostConstruct
  @Scheduled(fixedDelay = "${home-shelves.home.default-home-refresh}", initialDelay = "${home-shelves.home.default-home-refresh}")
  public void refresh() {
    try {
      shelves.set(store.readDefaultHome(settings.defaultHomeReadDeadline()));
    } catch (StoreReadException e) {
      metrics.defaultRefreshFailed();
      LOG.warn("default Home not refreshed, keeping {} shelves: {}", shelves.get().size(), e.getMessage());
    }
  }
}
