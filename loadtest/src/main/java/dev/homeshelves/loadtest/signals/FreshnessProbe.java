package dev.homeshelves.loadtest.signals;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.homeshelves.api.v1.Shelf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Measures event-to-shelf freshness for a sample of users by reading their rows in the
 * {@code shelves} table: a signal that occurred at T is on the shelf once a shelf cell of its
 * user says it applied signals up to T ({@code provenance.last_signal_at >= T}), or, for shelves
 * that do not say, was computed at or after T. Its freshness is that cell's timestamp (the
 * shelf's {@code computed_at}, which the store uses as the cell version) minus T, so the poll
 * interval adds no error as long as a poll sees the cell before newer versions push it out.
 */
public final class FreshnessProbe implements AutoCloseable {
  private static final String TABLE = "shelves";
  private static final String FAMILY = "s";
  private static final String ROW_PREFIX = "u#";
  private static final int ROWS_PER_READ = 200;
  // Versions read per shelf; the store keeps 3, and a poll every second sees each (a user is
  // recomputed at most once per debounce interval).
  private static final int VERSIONS = 3;

  private final BigtableDataClient client;
  private final Set<String> users;
  private final Duration pollInterval;
  private final Map<String, ConcurrentLinkedQueue<Long>> pending = new ConcurrentHashMap<>();
  private final Histogram freshnessMicros = new Histogram(3);
  private final AtomicLong byLastSignal = new AtomicLong();
  private final AtomicLong byComputedAt = new AtomicLong();
  private final AtomicLong rowReads = new AtomicLong();
  private final AtomicLong readErrors = new AtomicLong();
  private volatile String lastReadError = "";
  private final Thread poller;
  private volatile boolean running = true;

  /** What the probe measured. */
  public record Result(
      long measured, long unresolved, double p50Ms, double p90Ms, double p99Ms, double maxMs,
      long byLastSignalAt, long byComputedAt, long rowReads, long readErrors,
      String lastReadError) {}

  /** Probes {@code users} (their ids), polling every {@code pollInterval}. */
  public FreshnessProbe(BigtableDataClient client, Set<String> users, Duration pollInterval) {
    this.client = client;
    this.users = Set.copyOf(users);
    this.pollInterval = pollInterval;
    this.poller = new Thread(this::pollLoop, "freshness-probe");
    poller.setDaemon(true);
    poller.start();
  }

  /** True when signals of {@code userId} are measured. */
  public boolean probes(String userId) {
    return users.contains(userId);
  }

  /** A signal of a probed user, occurred at {@code occurredAt}, has been published. */
  public void published(String userId, Timestamp occurredAt) {
    pending.computeIfAbsent(userId, u -> new ConcurrentLinkedQueue<>()).add(micros(occurredAt));
  }

  /** Signals published and not yet seen on a shelf. */
  public long pendingCount() {
    return pending.values().stream().mapToLong(ConcurrentLinkedQueue::size).sum();
  }

  /** Keeps polling until every published signal is seen or {@code timeout} passes, then stops. */
  public Result finish(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pendingCount() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(pollInterval.toNanos());
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    close();
    synchronized (freshnessMicros) {
      return new Result(
          freshnessMicros.getTotalCount(), pendingCount(),
          ms(freshnessMicros.getValueAtPercentile(50)), ms(freshnessMicros.getValueAtPercentile(90)),
          ms(freshnessMicros.getValueAtPercentile(99)), ms(freshnessMicros.getMaxValue()),
          byLastSignal.get(), byComputedAt.get(), rowReads.get(), readErrors.get(), lastReadError);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.interrupt();
    poller.join(TimeUnit.SECONDS.toMillis(10));
  }

  private void pollLoop() {
    while (running) {
      long started = System.nanoTime();
      List<String> due = new ArrayList<>();
      pending.forEach((user, times) -> {
        if (!times.isEmpty()) {
          due.add(user);
        }
      });
      for (int i = 0; i < due.size() && running; i += ROWS_PER_READ) {
        poll(due.subList(i, Math.min(due.size(), i + ROWS_PER_READ)));
      }
      long rest = pollInterval.toNanos() - (System.nanoTime() - started);
      if (rest > 0) {
        LockSupport.parkNanos(rest);
      }
    }
  }

  private void poll(List<String> batch) {
    long oldest = Long.MAX_VALUE;
    for (String user : batch) {
      Long first = pending.get(user).peek();
      if (first != null) {
        oldest = Math.min(oldest, first);
      }
    }
    if (oldest == Long.MAX_VALUE) {
      return;
    }
    Query query = Query.create(TableId.of(TABLE))
        .filter(FILTERS.chain()
            .filter(FILTERS.family().exactMatch(FAMILY))
            // Cell versions are whole milliseconds: start at the oldest pending signal's one.
            .filter(FILTERS.timestamp().range().startClosed(oldest / 1000 * 1000))
            .filter(FILTERS.limit().cellsPerColumn(VERSIONS)));
    batch.forEach(user -> query.rowKey(ROW_PREFIX + user));
    try {
      for (Row row : client.readRows(query)) {
        rowReads.incrementAndGet();
        resolve(row.getKey().toStringUtf8().substring(ROW_PREFIX.length()), versions(row));
      }
    } catch (RuntimeException e) {
      // A read cut short by close() is the probe stopping, not Bigtable failing.
      if (running) {
        readErrors.incrementAndGet();
        lastReadError = e.getMessage();
      }
    }
  }

  /** A stored shelf version: its cell timestamp and the newest signal it says it applied (-1: unsaid). */
  private record Version(long cellMicros, long lastSignalMicros) {}

  private static List<Version> versions(Row row) {
    List<Version> out = new ArrayList<>();
    for (RowCell cell : row.getCells()) {
      if (cell.getValue().isEmpty()) {
        continue;
      }
      try {
        Shelf shelf = Shelf.parseFrom(cell.getValue());
        long lastSignal = shelf.getProvenance().hasLastSignalAt()
            ? micros(shelf.getProvenance().getLastSignalAt()) : -1;
        out.add(new Version(cell.getTimestamp(), lastSignal));
      } catch (InvalidProtocolBufferException e) {
        // a corrupt cell is no evidence either way
      }
    }
    return out;
  }

  private void resolve(String user, List<Version> versions) {
    ConcurrentLinkedQueue<Long> times = pending.get(user);
    if (times == null) {
      return;
    }
    for (Iterator<Long> it = times.iterator(); it.hasNext(); ) {
      long occurred = it.next();
      long firstCell = Long.MAX_VALUE;
      boolean saidSo = false;
      for (Version v : versions) {
        boolean applied = v.lastSignalMicros() >= 0
            ? v.lastSignalMicros() >= occurred
            : v.cellMicros() >= occurred;
        if (applied && v.cellMicros() < firstCell) {
          firstCell = v.cellMicros();
          saidSo = v.lastSignalMicros() >= 0;
        }
      }
      if (firstCell != Long.MAX_VALUE) {
        synchronized (freshnessMicros) {
          freshnessMicros.recordValue(Math.max(0, firstCell - occurred));
        }
        (saidSo ? byLastSignal : byComputedAt).incrementAndGet();
        it.remove();
      }
    }
  }

  private static long micros(Timestamp t) {
    return TimeUnit.SECONDS.toMicros(t.getSeconds()) + t.getNanos() / 1000;
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
