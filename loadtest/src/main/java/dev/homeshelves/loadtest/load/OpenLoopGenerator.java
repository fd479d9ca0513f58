package dev.homeshelves.loadtest.load;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends requests at a constant arrival rate, whatever the server does (open loop), and records
 * each latency from the request's intended send time. One thread keeps the schedule; when it
 * falls behind it sends the overdue requests at once and their latency includes the delay.
 */
public final class OpenLoopGenerator {

  /** What to run: {@code rate} requests per second for {@code duration}. */
  public record Settings(double rate, Duration duration, Duration drainTimeout) {
    public Settings {
      if (!(rate > 0)) {
        throw new IllegalArgumentException("rate must be positive, was " + rate);
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive, was " + duration);
      }
    }
  }

  private final Consumer<Progress> progress;

  /** A generator that reports {@link Progress} once a second to {@code progress}. */
  public OpenLoopGenerator(Consumer<Progress> progress) {
    this.progress = progress;
  }

  /** Runs {@code request} on the schedule of {@code settings}; blocks until done. */
  public RunResult run(Settings settings, AsyncRequest request) throws InterruptedException {
    return new Run(settings, request).execute();
  }

  /** The state of one run; callbacks from any thread land here. */
  private final class Run {
    private final Settings settings;
    private final AsyncRequest request;
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answersByLabel = new ConcurrentHashMap<>();
    private final LongAdder answered = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean sendingDone = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch drained = new CountDownLatch(1);
    private Histogram intervalHistogram;
    private long startNanos;
    private long lastProgressNanos;
    private long lastProgressAnswered;

    Run(Settings settings, AsyncRequest request) {
      this.settings = settings;
      this.request = request;
    }

    RunResult execute() throws InterruptedException {
      double intervalNanos = 1e9 / settings.rate();
      long count = Math.max(1, (long) Math.floor(settings.rate() * settings.duration().toNanos() / 1e9));
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loadtest-progress");
        t.setDaemon(true);
        return t;
      });
      startNanos = System.nanoTime();
      lastProgressNanos = startNanos;
      ticker.scheduleAtFixedRate(this::reportProgress, 1, 1, TimeUnit.SECONDS);
      long maxLag = 0;
      try {
        for (long i = 0; i < count; i++) {
          long intended = startNanos + (long) (i * intervalNanos);
          long now = System.nanoTime();
          if (now < intended) {
            do {
              LockSupport.parkNanos(intended - now);
              now = System.nanoTime();
            } while (now < intended);
          } else {
            maxLag = Math.max(maxLag, now - intended);
          }
          send(i, intended);
          if (Thread.interrupted()) {
            throw new InterruptedException("load run interrupted");
          }
        }
        long sendEnd = Math.max(System.nanoTime(), startNanos + (long) (count * intervalNanos));
        sendingDone.set(true);
        if (inFlight.get() == 0) {
          drained.countDown();
        }
        drained.await(settings.drainTimeout().toNanos(), TimeUnit.NANOSECONDS);
        closed.set(true);
        stop(ticker);
        return result((sendEnd - startNanos) / 1e9, maxLag);
      } finally {
        closed.set(true);
        stop(ticker);
      }
    }

    private void stop(ScheduledExecutorService ticker) throws InterruptedException {
      ticker.shutdownNow();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void send(long sequence, long intendedNanos) {
      inFlight.incrementAndGet();
      sent.incrementAndGet();
      AtomicBoolean reported = new AtomicBoolean();
      Consumer<Outcome> done = outcome -> {
        if (reported.compareAndSet(false, true)) {
          complete(intendedNanos, outcome);
        }
      };
      try {
        request.start(sequence, done);
      } catch (RuntimeException e) {
        done.accept(Outcome.failed(e));
      }
    }

    private void complete(long intendedNanos, Outcome outcome) {
      if (!closed.get()) {
        recorder.recordValue(Math.max(0, (System.nanoTime() - intendedNanos) / 1000));
        answered.increment();
        if (outcome.isOk()) {
          answersByLabel.computeIfAbsent(outcome.label(), k -> new LongAdder()).increment();
        } else {
          errors.increment();
          errorsByCode.computeIfAbsent(outcome.code().name(), k -> new LongAdder()).increment();
        }
      }
      if (inFlight.decrementAndGet() == 0 && sendingDone.get()) {
        drained.countDown();
      }
    }

    private synchronized void reportProgress() {
      intervalHistogram = recorder.getIntervalHistogram(intervalHistogram);
      total.add(intervalHistogram);
      long now = System.nanoTime();
      long answeredNow = answered.sum();
      double seconds = (now - lastProgressNanos) / 1e9;
      progress.accept(new Progress(
          (now - startNanos) / 1e9,
          sent.get(),
          answeredNow,
          errors.sum(),
          seconds > 0 ? (answeredNow - lastProgressAnswered) / seconds : 0,
          intervalHistogram.getTotalCount() == 0
              ? 0 : intervalHistogram.getValueAtPercentile(99) / 1000.0,
          inFlight.get()));
      lastProgressNanos = now;
      lastProgressAnswered = answeredNow;
    }

    private synchronized RunResult result(double sendSeconds, long maxLagNanos) {
      intervalHistogram = recorder.getIntervalHistogram(intervalHistogram);
      total.add(intervalHistogram);
      return new RunResult(
          settings.rate(),
          sendSeconds,
          sent.get(),
          total.getTotalCount(),
          total.copy(),
          snapshot(errorsByCode),
          snapshot(answersByLabel),
          maxLagNanos / 1000);
    }
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
