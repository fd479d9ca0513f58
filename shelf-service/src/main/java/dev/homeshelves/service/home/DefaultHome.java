package dev.homeshelves.service.home;

import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.service.store.ShelfStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default Home (trending and editorial shelves from the {@code default} row), kept in
 * memory and re-read every {@code home-shelves.home.default-home-refresh} so that serving it
 * never touches storage; while it is empty or a read failed, every {@code default-home-retry}
 * instead, so a replica started before the row was written picks it up soon. When a read fails
 * the previous copy stays.
 *
 * <p>It schedules itself on a thread of its own rather than with Micronaut's {@code @Scheduled}:
 * a method that is both {@code @PostConstruct} and {@code @Scheduled} gets no executable method
 * in the generated bean definition (no {@code $DefaultHome$Definition$Exec} class), so the
 * schedule never fired (issue 13).
 */
@Singleton
public final class DefaultHome {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultHome.class);

  private final ShelfStore store;
  private final HomeSettings settings;
  private final HomeMetrics metrics;
  private final AtomicReference<List<Shelf>> shelves = new AtomicReference<>(List.of());
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "default-home-refresh");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean readOnce;

  public DefaultHome(ShelfStore store, HomeSettings settings, HomeMetrics metrics) {
    this.store = store;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** The default shelves, best first; empty until the {@code default} row has been read once. */
  public List<Shelf> shelves() {
    return shelves.get();
  }

  /** True once the {@code default} row has been read successfully (even when it had no shelves). */
  public boolean readOnce() {
    return readOnce;
  }

  /** Reads the row now (so the first answers already have it), then keeps re-reading it. */
  @PostConstruct
  public void start() {
    refreshAndScheduleNext();
  }

  /** Stops re-reading. */
  @PreDestroy
  public void stop() {
    refresher.shutdownNow();
  }

  /**
   * Re-reads the {@code default} row; keeps the current copy when that fails.
   *
   * @return true when the row was read
   */
  public synchronized boolean refresh() {
    try {
      shelves.set(store.readDefaultHome(settings.defaultHomeReadDeadline()));
      readOnce = true;
      return true;
    } catch (RuntimeException e) {
      // StoreReadException for outages; anything else must not stop the refreshes either.
      metrics.defaultRefreshFailed();
      LOG.warn("default Home not refreshed, keeping {} shelves: {}", shelves.get().size(), e.getMessage());
      return false;
    }
  }

  private void refreshAndScheduleNext() {
    boolean read = refresh();
    Duration next = read && !shelves.get().isEmpty() ? settings.defaultHomeRefresh() : settings.defaultHomeRetry();
    try {
      refresher.schedule(this::refreshAndScheduleNext, next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopped) {
      // stop() ran: the application is shutting down.
    }
  }
}
