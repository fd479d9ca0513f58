package dev.homeshelves.loadtest.faults;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.SubscriptionName;
import dev.homeshelves.loadtest.load.DurationConverter;
import dev.homeshelves.loadtest.load.Json;
import dev.homeshelves.loadtest.load.LoopbackTarget;
import dev.homeshelves.loadtest.signals.Emulators;
import dev.homeshelves.service.store.BigtableClients;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code loadtest faults}: the signal path under a worker crash and a storage freeze. */
@Command(name = "faults", mixinStandardHelpOptions = true,
    description = {
        "Brings up the local setup on loopback (Bigtable and Pub/Sub emulators, two worker replicas",
        "from the built jars), publishes a steady stream of plays, likes and follows for --users",
        "users (every message twice), SIGKILLs worker b and restarts it, freezes the Bigtable",
        "emulator (SIGSTOP) and thaws it (SIGCONT), then waits up to --settle-timeout for the",
        "system to settle and reports: signals published, not stored, stored twice, Homes not",
        "reflecting their user's newest signal, trending count error, dead-lettered. Exit code 1",
        "if any of the last five is not 0 (all input is valid). Stops everything it started;",
        "logs stay in --dir. Definitions: docs/fault-suite.md."})
public final class FaultsCommand implements Callable<Integer> {
  private static final Duration TRENDING_BUCKET = Duration.ofMinutes(1);
  private static final Duration SETTLE_POLL = Duration.ofSeconds(2);
  // Stale users explained on stderr when a run does not settle.
  private static final int STALE_EXPLAINED = 10;
  private static final int TRACKS = 200;
  private static final int ARTISTS = 40;

  @Option(names = "--users", defaultValue = "300", description = "Users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--rate", defaultValue = "30",
      description = "Signals per second, each published twice (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long the stream runs (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--kill-at", defaultValue = "10s", converter = DurationConverter.class,
      description = "When, into the stream, worker b is SIGKILLed (default: ${DEFAULT-VALUE}).")
  Duration killAt;

  @Option(names = "--restart-after", defaultValue = "5s", converter = DurationConverter.class,
      description = "How long worker b stays dead before it is started again (default: ${DEFAULT-VALUE}).")
  Duration restartAfter;

  @Option(names = "--freeze-at", defaultValue = "30s", converter = DurationConverter.class,
      description = "When, into the stream, the Bigtable emulator is frozen (default: ${DEFAULT-VALUE}).")
  Duration freezeAt;

  @Option(names = "--freeze-for", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long it stays frozen (default: ${DEFAULT-VALUE}).")
  Duration freezeFor;

  @Option(names = "--settle-timeout", defaultValue = "120s", converter = DurationConverter.class,
      description = "After the stream, how long to wait for every figure to reach 0 (default: ${DEFAULT-VALUE}).")
  Duration settleTimeout;

  @Option(names = "--ack-deadline", defaultValue = "30s", converter = DurationConverter.class,
      description = "The workers' home-shelves.pubsub.ack-deadline: a killed worker's messages come back"
          + " after about this long (default: ${DEFAULT-VALUE}, as application.yml).")
  Duration ackDeadline;

  @Option(names = "--grpc-ports", split = ",", paramLabel = "PORT",
      description = "gRPC ports of workers a and b (default: free ports).")
  List<Integer> grpcPorts = new ArrayList<>();

  @Option(names = "--http-ports", split = ",", paramLabel = "PORT",
      description = "HTTP ports of workers a and b (default: free ports).")
  List<Integer> httpPorts = new ArrayList<>();

  @Option(names = "--worker-java-opts", defaultValue = "-Xmx512m",
      description = "JVM options of each worker (default: ${DEFAULT-VALUE}).")
  String workerJavaOptions;

  @Option(names = "--worker-env", paramLabel = "NAME=VALUE",
      description = "A setting for both workers, as an environment variable (repeatable), e.g."
          + " HOME_SHELVES_WORKER_FUNCTION_BUDGET=1s on a slow machine.")
  java.util.Map<String, String> workerEnv = new java.util.LinkedHashMap<>();

  @Option(names = "--start-timeout", defaultValue = "240s", converter = DurationConverter.class,
      description = "How long a worker may take to start and subscribe (default: ${DEFAULT-VALUE}).")
  Duration startTimeout;

  @Option(names = "--cbtemulator", paramLabel = "FILE",
      description = "cbtemulator binary (default: $CBTEMULATOR, PATH, the Google Cloud CLI's, or the bundled one).")
  Path cbtemulator;

  @Option(names = "--pubsub-emulator", paramLabel = "FILE",
      description = "The Pub/Sub emulator launcher (default: the project's bin/pubsub-emulator).")
  Path pubsubLauncher;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where the logs and the catalog go (default: a new directory under the temp dir).")
  Path dir;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the report as JSON on stdout.")
  boolean json;

  @Spec CommandSpec spec;

  /** The faults as they happened, in seconds from the stream's start. */
  public record Timeline(double killedAt, double restartedAt, double frozenAt, double thawedAt,
      double streamEndedAt, double settledAfter) {}

  /** What a run measured. {@code settled} is true when every figure but the counts reached 0. */
  public record Report(long signalsPublished, long messagesPublished, long publishFailures,
      long notStored, long storedTwice, long staleHomes, long usersWithSignals, long trendingError,
      long trendingExpected, long trendingStored, long deadLettered, boolean settled,
      Timeline timeline, String logs) {

    boolean clean() {
      return notStored == 0 && storedTwice == 0 && staleHomes == 0 && trendingError == 0
          && deadLettered == 0 && publishFailures == 0;
    }

    String text() {
      return String.format("""
          faults: %,d signals published (%,d messages: each twice; %,d publish failures)
            not stored             %,d
            stored twice           %,d
            Homes not reflecting their user's newest signal  %,d of %,d users
            trending count error   %,d (stored %,d, plays published %,d)
            dead-lettered          %,d (all input was valid)
            timeline (s from the stream's start): worker b SIGKILLed %.1f, restarted %.1f;\
           Bigtable frozen %.1f, thawed %.1f; stream ended %.1f; %s
            logs: %s
          %s%n""",
          signalsPublished, messagesPublished, publishFailures, notStored, storedTwice, staleHomes,
          usersWithSignals, trendingError, trendingStored, trendingExpected, deadLettered,
          timeline.killedAt(), timeline.restartedAt(), timeline.frozenAt(), timeline.thawedAt(),
          timeline.streamEndedAt(), settled
              ? String.format("settled %.1f s after the stream", timeline.settledAfter())
              : String.format("NOT settled within %.0f s after the stream", timeline.settledAfter()),
          logs, clean() ? "PASS: every figure is 0" : "FAIL: a figure above is not 0");
    }
  }

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path workDir = dir != null ? dir : Files.createTempDirectory("homeshelves-faults-");
    var workers = new LocalSetup.WorkerOptions(grpcPorts, httpPorts, workerJavaOptions, ackDeadline, workerEnv,
        startTimeout);
    note(err, "starting the emulators and two workers; logs in " + workDir);
    try (var setup = LocalSetup.start(workDir, Optional.ofNullable(cbtemulator),
            Optional.ofNullable(pubsubLauncher), workers, TRACKS, ARTISTS);
        var emulators = new Emulators(LoopbackTarget.parse(setup.pubsubHost()), LocalSetup.PROJECT)) {
      // Ctrl-C or SIGTERM still stops every process the run started.
      Thread cleanup = new Thread(() -> {
        try {
          setup.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "faults-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        setup.startWorkers(0, 1);
        return runWith(setup, emulators, workDir, out, err);
      } finally {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }
  }

  private int runWith(LocalSetup setup, Emulators emulators, Path workDir, PrintWriter out, PrintWriter err)
      throws Exception {
    BigtableDataClient table = Emulators.bigtable(LoopbackTarget.parse(setup.bigtableHost()),
        LocalSetup.PROJECT, LocalSetup.INSTANCE);
    var publisher = emulators.publisher("user-signals");
    var ledger = new Ledger();
    try (var stream = new SignalStream(publisher, ledger, users, TRACKS, ARTISTS, seed)) {
      Report report = run(setup, stream, ledger, table, emulators, workDir, err);
      out.print(json ? Json.write(report) + System.lineSeparator() : report.text());
      out.flush();
      return report.clean() ? 0 : 1;
    } finally {
      publisher.shutdown();
      publisher.awaitTermination(10, TimeUnit.SECONDS);
      BigtableClients.closeWithin(table, Duration.ofSeconds(5));
    }
  }

  /** The scenario, in order. */
  private Report run(LocalSetup setup, SignalStream stream, Ledger ledger, BigtableDataClient table,
      Emulators emulators, Path workDir, PrintWriter err) throws Exception {
    Instant runStart = Instant.now();
    long t0 = System.nanoTime();
    note(err, String.format("streaming %.0f signals/s (each published twice) over %d users for %d s",
        rate, users, duration.toSeconds()));
    stream.start(rate);

    // Each fault's length is kept even when the one before ran late (a restart on a busy
    // machine can take a minute): later steps move, none is cut short.
    sleepUntil(t0, killAt);
    setup.worker(1).kill();
    double killed = since(t0);
    note(err, String.format("%.1f s: worker b SIGKILLed", killed));
    TimeUnit.NANOSECONDS.sleep(restartAfter.toNanos());
    setup.startWorkers(1);
    double restarted = since(t0);
    note(err, String.format("%.1f s: worker b restarted and subscribed", restarted));

    sleepUntil(t0, freezeAt);
    setup.bigtable().freeze();
    double frozen = since(t0);
    note(err, String.format("%.1f s: Bigtable emulator frozen (SIGSTOP)", frozen));
    TimeUnit.NANOSECONDS.sleep(freezeFor.toNanos());
    setup.bigtable().thaw();
    double thawed = since(t0);
    note(err, String.format("%.1f s: Bigtable emulator thawed (SIGCONT)", thawed));

    // The stream runs on after the thaw as long as planned, so the last faults meet traffic too.
    sleepUntil(t0, duration.plus(Duration.ofNanos(Math.max(0,
        (long) (thawed * 1e9) - freezeAt.plus(freezeFor).toNanos()))));
    stream.stop();
    double ended = since(t0);
    note(err, String.format("%.1f s: stream stopped (%,d signals); waiting up to %d s to settle",
        ended, ledger.signals(), settleTimeout.toSeconds()));

    var settlement = new Settlement(table, ledger, runStart, TRENDING_BUCKET);
    long settleStart = System.nanoTime();
    Settlement.Figures figures;
    Settlement.Figures shown = null;
    while (true) {
      figures = readOrNull(settlement, err);
      double waited = (System.nanoTime() - settleStart) / 1e9;
      if ((figures != null && figures.settled()) || waited >= settleTimeout.toSeconds()) {
        break;
      }
      if (figures != null && !figures.equals(shown)) {
        shown = figures;
        note(err, String.format("settling %4.0f s: not stored %d, stored twice %d, stale Homes %d, trending error %d",
            waited, figures.notStored(), figures.storedTwice(), figures.staleHomes(), figures.trendingError()));
      }
      Thread.sleep(SETTLE_POLL.toMillis());
    }
    if (figures == null) {
      figures = settlement.read();
    }
    double settledAfter = (System.nanoTime() - settleStart) / 1e9;
    if (figures.staleHomes() > 0) {
      settlement.explainStale(STALE_EXPLAINED).forEach(line -> note(err, "stale " + line));
    }
    long deadLettered = countWithoutAcking(emulators, "user-signals-dead-letter");
    return new Report(ledger.signals(), ledger.messages(), ledger.publishFailures(),
        figures.notStored(), figures.storedTwice(), figures.staleHomes(), ledger.users().size(),
        figures.trendingError(), figures.trendingExpected(), figures.trendingStored(), deadLettered,
        figures.settled(), new Timeline(killed, restarted, frozen, thawed, ended, settledAfter),
        workDir.toString());
  }

  private static Settlement.Figures readOrNull(Settlement settlement, PrintWriter err) {
    try {
      return settlement.read();
    } catch (RuntimeException e) {
      note(err, "reading Bigtable failed, trying again: " + e.getMessage());
      return null;
    }
  }

  /** Messages on {@code subscription}, read without acking (their leases are handed back). */
  static long countWithoutAcking(Emulators emulators, String subscription) throws Exception {
    var name = SubscriptionName.of(LocalSetup.PROJECT, subscription).toString();
    var seen = new HashSet<String>();
    var ackIds = new ArrayList<String>();
    try (var admin = emulators.subscriptionAdmin()) {
      while (true) {
        @SuppressWarnings("deprecation")
        var request = PullRequest.newBuilder().setSubscription(name).setMaxMessages(1000)
            .setReturnImmediately(true).build();
        var received = admin.pull(request).getReceivedMessagesList();
        int fresh = 0;
        for (var m : received) {
          ackIds.add(m.getAckId());
          fresh += seen.add(m.getMessage().getMessageId()) ? 1 : 0;
        }
        if (fresh == 0) {
          break;
        }
      }
      for (int i = 0; i < ackIds.size(); i += 1000) {
        admin.modifyAckDeadline(name, ackIds.subList(i, Math.min(ackIds.size(), i + 1000)), 0);
      }
    }
    return seen.size();
  }

  private void validate() {
    if (users < 1 || rate <= 0) {
      throw new ParameterException(spec.commandLine(), "--users and --rate must be positive");
    }
    if (killAt.plus(restartAfter).compareTo(freezeAt) > 0) {
      throw new ParameterException(spec.commandLine(),
          "--kill-at + --restart-after must come before --freeze-at (the faults happen one after the other)");
    }
    if (freezeAt.plus(freezeFor).compareTo(duration) > 0) {
      throw new ParameterException(spec.commandLine(),
          "--freeze-at + --freeze-for must be within --duration (the stream runs through the faults)");
    }
    if (grpcPorts.size() > 2 || httpPorts.size() > 2) {
      throw new ParameterException(spec.commandLine(), "--grpc-ports / --http-ports take at most two ports (workers a, b)");
    }
  }

  private static void sleepUntil(long t0, Duration offset) throws InterruptedException {
    long wait = t0 + offset.toNanos() - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private static double since(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void note(PrintWriter err, String text) {
    err.println("faults: " + text);
    err.flush();
  }
}
