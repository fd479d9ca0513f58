package dev.homeshelves.loadtest.signals;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.loadtest.home.UserIdPattern;
import dev.homeshelves.loadtest.home.UserPopulation;
import dev.homeshelves.loadtest.load.DurationConverter;
import dev.homeshelves.loadtest.load.Json;
import dev.homeshelves.loadtest.load.LoopbackTarget;
import dev.homeshelves.loadtest.load.Measurement;
import dev.homeshelves.loadtest.load.OpenLoopGenerator;
import dev.homeshelves.loadtest.load.RunSummary;
import dev.homeshelves.service.store.BigtableClients;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loadtest signals}: PLAY signals at a constant rate, and how fresh shelves stay. */
@Command(name = "signals", mixinStandardHelpOptions = true,
    description = {
        "Publishes PLAY signals to Pub/Sub and measures event-to-shelf freshness.",
        "Signals go to topic user-signals at a constant rate over --users users (or, with",
        "--hot-track, mostly to one track). Freshness (occurred_at to the user's shelf rewritten)",
        "is read from the `shelves` table for --probe-users users; with --worker-metrics the",
        "worker's throughput, own freshness histogram and heap are read from its /prometheus.",
        "The worker must be running: its subscription must exist."})
public final class SignalsCommand implements Callable<Integer> {
  private static final Duration CLIENT_CLOSE = Duration.ofSeconds(5);

  @Option(names = "--rate", defaultValue = "1000",
      description = "Signals per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long to publish (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--users", defaultValue = "1000",
      description = "Users the plays are spread over, uniformly (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--user-pattern", defaultValue = UserIdPattern.DEFAULT,
      description = "printf pattern of user ids (default: ${DEFAULT-VALUE}).")
  String userPattern;

  @Option(names = "--tracks", defaultValue = "1000",
      description = "Tracks the plays are spread over (default: ${DEFAULT-VALUE}).")
  int tracks;

  @Option(names = "--track-pattern", defaultValue = "%d",
      description = "printf pattern of track ids; the demo catalog's ids are numbers"
          + " (default: ${DEFAULT-VALUE}).")
  String trackPattern;

  @Option(names = "--hot-track", arity = "0..1", fallbackValue = "0",
      description = "Send most plays to this one track (default when given without a value: the"
          + " track of id ${FALLBACK-VALUE}, formatted by --track-pattern).")
  String hotTrack;

  @Option(names = "--hot-share", defaultValue = "0.9",
      description = "Share of plays that go to the hot track (default: ${DEFAULT-VALUE}).")
  double hotShare;

  @Option(names = "--ms-played", defaultValue = "180000",
      description = "ms_played of every play; at least the worker's threshold (30 s) to count"
          + " (default: ${DEFAULT-VALUE}).")
  long msPlayed;

  @Option(names = "--probe-users", defaultValue = "200",
      description = "Users whose freshness is measured from Bigtable (default: ${DEFAULT-VALUE}).")
  int probeUsers;

  // The probe's figure comes from cell timestamps, not from when it polls, so polling often
  // only adds reads to the emulator the worker is measured on. 1 s is safe as long as a user's
  // shelves get fewer than 3 new versions (the ones read) per second: one per debounce interval.
  @Option(names = "--poll-interval", defaultValue = "1s", converter = DurationConverter.class,
      description = "How often the probed users' rows are read; the measured freshness does not"
          + " depend on it (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(names = "--drain-timeout", defaultValue = "60s", converter = DurationConverter.class,
      description = "After publishing, how long to wait for the worker and the shelves to catch"
          + " up (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(names = "--pubsub", defaultValue = "${env:PUBSUB_EMULATOR_HOST}",
      description = "Pub/Sub emulator host:port (default: $PUBSUB_EMULATOR_HOST).")
  String pubsub;

  @Option(names = "--bigtable", defaultValue = "${env:BIGTABLE_EMULATOR_HOST}",
      description = "Bigtable emulator host:port, to measure freshness (default:"
          + " $BIGTABLE_EMULATOR_HOST; without it only publishing and the worker's metrics).")
  String bigtable;

  @Mixin ProjectOptions gcp;

  @Option(names = "--topic", defaultValue = "user-signals",
      description = "Topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--subscription", defaultValue = "shelf-worker",
      description = "The worker's subscription, which must exist (default: ${DEFAULT-VALUE}).")
  String subscription;

  @Option(names = "--worker-metrics",
      description = "The worker's Prometheus URL on this machine, e.g."
          + " http://127.0.0.1:8080/prometheus, for its throughput, freshness and heap.")
  URI workerMetrics;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as JSON on stdout.")
  boolean json;

  @Spec CommandSpec spec;

  /** A hot-track run's evidence that the track trends. */
  public record HotTrack(String trackId, double share, int positionOnDefaultHome,
      int probedUsersShowingIt, int probedUsersChecked) {}

  /** Everything a run measured. */
  public record Report(
      RunSummary publish, FreshnessProbe.Result freshness, WorkerWatch.Figures worker,
      HotTrack hotTrack, Double signalsNotStored) {

    String text() {
      StringBuilder out = new StringBuilder(publish.text().replace("answers by source", "publishes"));
      if (freshness != null) {
        out.append(String.format(
            "freshness (Bigtable probe, %,d signals of probed users): p50 %.1f ms  p90 %.1f ms"
                + "  p99 %.1f ms  max %.1f ms; not seen on a shelf: %,d%n"
                + "  matched by provenance.last_signal_at: %,d, by computed_at: %,d; rows read %,d,"
                + " read errors %,d%s%n",
            freshness.measured(), freshness.p50Ms(), freshness.p90Ms(), freshness.p99Ms(),
            freshness.maxMs(), freshness.unresolved(), freshness.byLastSignalAt(),
            freshness.byComputedAt(), freshness.rowReads(), freshness.readErrors(),
            freshness.readErrors() == 0 ? "" : " (last: " + freshness.lastReadError() + ")"));
      }
      if (worker != null) {
        out.append(String.format(
            "worker: handled %,.0f signals (%,.0f/s over the run and drain), stored plays %,.0f,"
                + " duplicates %,.0f, dead-lettered %,.0f%n"
                + "  recomputes %,.0f, coalesced %,.0f; its freshness histogram p50 %.0f ms,"
                + " p99 %.0f ms; max heap used %.0f MB%n",
            worker.handled(), worker.handledPerSecond(), worker.storedPlays(), worker.duplicates(),
            worker.deadLettered(), worker.recomputes(), worker.coalesced(), worker.freshnessP50Ms(),
            worker.freshnessP99Ms(), worker.maxHeapMb()));
        out.append(String.format("  published but not stored as plays when the run ended: %,.0f%s%n",
            signalsNotStored, signalsNotStored > 0
                ? " (still queued, or moved to the dead-letter topic after too many deliveries)"
                : signalsNotStored < 0
                    ? " (the worker stored more plays than this run published: signals of an earlier"
                        + " run still arriving)"
                    : ""));
      }
      if (hotTrack != null) {
        out.append(String.format(
            "hot track %s (%.0f%% of plays): position on the default Home's trending shelf %s;"
                + " on %d of %d probed users' trending shelves%n",
            hotTrack.trackId(), hotTrack.share() * 100,
            hotTrack.positionOnDefaultHome() > 0 ? "#" + hotTrack.positionOnDefaultHome() : "absent",
            hotTrack.probedUsersShowingIt(), hotTrack.probedUsersChecked()));
      }
      return out.toString();
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (pubsub == null || pubsub.isBlank()) {
      throw new IllegalArgumentException(
          "--pubsub: no Pub/Sub emulator given; set PUBSUB_EMULATOR_HOST or pass --pubsub host:port");
    }
    if (workerMetrics != null) {
      LoopbackTarget.parse(workerMetrics.getHost() + ":" + workerMetrics.getPort());
    }
    UserPopulation population = new UserPopulation(userPattern, users, 0, 0, seed);
    String hotTrackId = hotTrack == null ? null : formatTrack(hotTrack);
    SignalMix mix = new SignalMix(population, trackPattern, tracks, hotTrackId, hotShare, msPlayed, seed);
    Measurement measurement = new Measurement(err);

    try (Emulators emulators = new Emulators(LoopbackTarget.parse(pubsub), gcp.project)) {
      emulators.requireSubscription(subscription, topic);
      BigtableDataClient table = bigtable == null || bigtable.isBlank()
          ? null : Emulators.bigtable(LoopbackTarget.parse(bigtable), gcp.project, gcp.instance);
      Set<String> probed = new LinkedHashSet<>();
      for (int rank = 1; rank <= Math.min(probeUsers, users); rank++) {
        probed.add(population.idOfRank(rank));
      }
      FreshnessProbe probe = table == null ? null : new FreshnessProbe(table, probed, pollInterval);
      WorkerWatch watch = workerMetrics == null ? null : new WorkerWatch(workerMetrics);
      Publisher publisher = emulators.publisher(topic);
      try {
        // The first publish opens the stream and loads classes for a second or more; done
        // before the schedule starts, it does not show up as the run's latency.
        measurement.note("signals: publishing one signal to connect");
        publisher.publish(PubsubMessage.newBuilder()
            .setData(mix.next(-1).toByteString()).build()).get(30, TimeUnit.SECONDS);
        RunSummary publish = RunSummary.of("signals", measurement.measure("signals",
            new SignalPublisher(publisher, mix, probe),
            new OpenLoopGenerator.Settings(rate, duration, Duration.ofSeconds(30))));
        drain(measurement, probe, watch, publish.answersBySource().getOrDefault("PUBLISHED", 0L));
        FreshnessProbe.Result freshness = probe == null ? null : probe.finish(Duration.ZERO);
        WorkerWatch.Figures worker = watch == null ? null : watch.figures();
        HotTrack hot = hotTrackId == null || table == null
            ? null : hotTrack(new TrendingCheck(table), hotTrackId, hotShare, probed);
        Double notStored = worker == null
            ? null : publish.answersBySource().getOrDefault("PUBLISHED", 0L) - worker.storedPlays();
        Report report = new Report(publish, freshness, worker, hot, notStored);
        out.print(json ? Json.write(report) + System.lineSeparator() : report.text());
        out.flush();
        return publish.clean() && (freshness == null || freshness.unresolved() == 0) ? 0 : 1;
      } finally {
        publisher.shutdown();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
        if (probe != null) {
          probe.close();
        }
        if (watch != null) {
          watch.close();
        }
        if (table != null && !BigtableClients.closeWithin(table, CLIENT_CLOSE)) {
          err.println("signals: the Bigtable client did not close within " + CLIENT_CLOSE.toSeconds()
              + " s; exiting without it");
        }
      }
    }
  }

  private String formatTrack(String value) {
    try {
      return String.format(trackPattern, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return value;
    }
  }

  /** Waits, with progress, until the probe saw every signal and the worker handled them all. */
  private void drain(Measurement measurement, FreshnessProbe probe, WorkerWatch watch, long published)
      throws InterruptedException {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    long started = System.nanoTime();
    long lastNote = 0;
    while (System.nanoTime() < deadline) {
      long pending = probe == null ? 0 : probe.pendingCount();
      double handled = watch == null ? published : watch.handledSinceStart();
      if (pending == 0 && handled >= published) {
        return;
      }
      long now = System.nanoTime();
      if (now - lastNote >= TimeUnit.SECONDS.toNanos(1)) {
        measurement.note(String.format("draining %4.1fs: signals not yet on a probed shelf %,d; %s",
            (now - started) / 1e9, pending, watch == null
                ? "worker not watched (no --worker-metrics)"
                : String.format("worker handled %,.0f of %,d", handled, published)));
        lastNote = now;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    measurement.note("drain timeout reached; what is still missing is reported below");
  }

  private static HotTrack hotTrack(TrendingCheck check, String trackId, double share, Set<String> probed) {
    int showing = 0;
    int checked = 0;
    for (String user : probed) {
      if (checked == 50) {
        break;
      }
      checked++;
      if (check.positionOn("u#" + user, trackId) > 0) {
        showing++;
      }
    }
    return new HotTrack(trackId, share, check.positionOn("default", trackId), showing, checked);
  }
}
