package dev.homeshelves.service.experiments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's copy of the experiments and kill switches, re-read from the {@code config}
 * table every {@code home-shelves.experiments.poll-interval}. When a read fails the last good
 * copy stays in force (counted in {@code experiments.config.read.failures}; its age is the
 * gauge {@code experiments.config.age.seconds}). Serving, the worker and AdminService all ask
 * it for a user's {@link Treatment}.
 */
@Singleton
public final class LiveExperiments {

  private static final Logger LOG = LoggerFactory.getLogger(LiveExperiments.class);

  private final ConfigStore store;
  private final Clock clock;
  private final ExperimentSettings settings;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "config-poller");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicReference<ExperimentConfig> current = new AtomicReference<>(ExperimentConfig.EMPTY);
  private final AtomicLong lastGoodReadMillis;
  private volatile boolean readOnce;
  private final Counter readFailures;

  /** Starts from the empty configuration until the first read succeeds; call {@link #start} to poll. */
  public LiveExperiments(ConfigStore store, Clock clock, ExperimentSettings settings, MeterRegistry registry) {
    this.store = store;
    this.clock = clock;
    this.settings = settings;
    this.lastGoodReadMillis = new AtomicLong(clock.millis());
    this.readFailures = Counter.builder("homeshelves.experiments.config.read.failures")
        .description("Reads of the config table that failed; the last good config stayed in force")
        .register(registry);
    Gauge.builder("homeshelves.experiments.config.age.seconds", this, live -> live.ageMillis() / 1000.0)
        .description("Seconds since the config table was last read successfully")
        .register(registry);
  }

  /** The configuration in force on this replica. */
  public ExperimentConfig current() {
    return current.get();
  }

  /**
   * True once the {@code config} table has been read successfully; until then {@link #current}
   * is empty (no kill switches), and the replica reports itself not ready (ReplicaReadiness).
   */
  public boolean readOnce() {
    return readOnce;
  }

  /** What this user's Home looks like under the configuration in force. */
  public Treatment treatmentFor(String userId) {
    return current.get().treatmentFor(userId);
  }

  /** The default Home's treatment under the configuration in force: kill switches only. */
  public Treatment defaultHomeTreatment() {
    return current.get().defaultHomeTreatment();
  }

  /** Reads the config once now, then every poll interval on a thread of its own. */
  @PostConstruct
  public void start() {
    refresh();
    long interval = settings.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::refresh, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Stops polling. */
  @PreDestroy
  public void stop() {
    poller.shutdownNow();
  }

  /** Re-reads the {@code config} table now; keeps the current copy when that fails. Serialised so an
   * older read can never overwrite a newer one. */
  public synchronized void refresh() {
    try {
      ExperimentConfig read = store.readAll();
      ExperimentConfig previous = current.getAndSet(read);
      lastGoodReadMillis.set(clock.millis());
      readOnce = true;
      if (!read.equals(previous)) {
        LOG.info("config changed: {} experiments, killed functions {}",
            read.experiments().size(), read.killSwitches().keySet());
      }
    } catch (RuntimeException e) {
      // ConfigReadException for outages and corrupt rows; anything else must not stop polling either.
      readFailures.increment();
      LOG.warn("config table not read, keeping the last good config ({} s old): {}",
          ageMillis() / 1000, e.getMessage());
    }
  }

  private long ageMillis() {
    return clock.millis() - lastGoodReadMillis.get();
  }
}
