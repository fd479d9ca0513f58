package dev.homeshelves.loadtest.signals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scrapes the worker's {@code /prometheus} once a second during a run: its heap (the largest
 * seen), and how many signals it has handled, to tell its throughput and when it caught up.
 */
public final class WorkerWatch implements AutoCloseable {
  static final String SIGNALS = "homeshelves_worker_signals_total";
  static final String FRESHNESS = "homeshelves_worker_freshness_seconds";
  static final String RECOMPUTES = "homeshelves_worker_recomputes_total";
  static final String COALESCED = "homeshelves_worker_coalesced_signals_total";
  static final String DEAD_LETTERED = "homeshelves_worker_dead_lettered_total";
  static final String HEAP = "jvm_memory_used_bytes";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI url;
  private final PrometheusScrape first;
  private final AtomicReference<PrometheusScrape> latest = new AtomicReference<>();
  private final ScheduledExecutorService ticker;
  private volatile double maxHeapBytes;
  private volatile long failedScrapes;

  /** The worker's figures over a run. */
  public record Figures(
      double handled, double storedPlays, double duplicates, double deadLettered,
      double recomputes, double coalesced, double handledPerSecond, double freshnessP50Ms,
      double freshnessP99Ms, double maxHeapMb, long failedScrapes) {}

  /** Scrapes {@code url} now (failing clearly when it does not answer), then every second. */
  public WorkerWatch(URI url) throws IOException, InterruptedException {
    this.url = url;
    try {
      this.first = PrometheusScrape.fetch(http, url);
    } catch (IOException e) {
      throw new IllegalStateException("worker metrics at " + url + " do not answer: " + e.getMessage(), e);
    }
    latest.set(first);
    observeHeap(first);
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "worker-watch");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::scrape, 1, 1, TimeUnit.SECONDS);
  }

  /** Messages the worker has handled (any signal outcome, or dead-lettered) since the watch started. */
  public double handledSinceStart() {
    return handled(latest.get()) - handled(first);
  }

  /** The worker's figures from the start of the watch to now. */
  public Figures figures() throws IOException, InterruptedException {
    PrometheusScrape end = PrometheusScrape.fetch(http, url);
    observeHeap(end);
    double seconds = (end.atNanos() - first.atNanos()) / 1e9;
    double handled = handled(end) - handled(first);
    return new Figures(
        handled,
        delta(end, s -> s.sum(SIGNALS, l -> "PLAY".equals(l.get("kind")) && "stored".equals(l.get("outcome")))),
        delta(end, s -> s.sum(SIGNALS, l -> "duplicate".equals(l.get("outcome")))),
        delta(end, s -> s.sum(DEAD_LETTERED)),
        delta(end, s -> s.sum(RECOMPUTES)),
        delta(end, s -> s.sum(COALESCED)),
        seconds > 0 ? handled / seconds : 0,
        end.quantileSince(first, FRESHNESS, 0.50) * 1000,
        end.quantileSince(first, FRESHNESS, 0.99) * 1000,
        maxHeapBytes / (1024 * 1024),
        failedScrapes);
  }

  private double delta(PrometheusScrape end, java.util.function.ToDoubleFunction<PrometheusScrape> f) {
    return f.applyAsDouble(end) - f.applyAsDouble(first);
  }

  // Every message the worker finished with: a signal outcome, or a dead letter.
  private static double handled(PrometheusScrape s) {
    return s.sum(SIGNALS) + s.sum(DEAD_LETTERED);
  }

  private void scrape() {
    try {
      PrometheusScrape s = PrometheusScrape.fetch(http, url);
      latest.set(s);
      observeHeap(s);
    } catch (IOException e) {
      failedScrapes++;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void observeHeap(PrometheusScrape s) {
    double heap = s.sum(HEAP, l -> "heap".equals(l.get("area")));
    if (heap > maxHeapBytes) {
      maxHeapBytes = heap;
    }
  }

  @Override
  public void close() throws InterruptedException {
    ticker.shutdownNow();
    ticker.awaitTermination(5, TimeUnit.SECONDS);
  }
}
