package dev.homeshelves.service.cli;

import com.google.api.core.ApiFuture;
import com.google.common.util.concurrent.RateLimiter;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.PubSubClients;
import dev.homeshelves.shelves.catalog.SongsTsv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code homectl play-stream}: a steady stream of PLAY signals over many users, then the
 * worker's event-to-shelf freshness quantiles read from its {@code /prometheus}.
 */
@Command(name = "play-stream", mixinStandardHelpOptions = true,
    description = {
      "Publishes PLAY signals at a steady rate for users user-0 .. user-(N-1), each a random catalog track,",
      "then prints the worker's event-to-shelf freshness (homeshelves_worker_freshness_seconds quantiles)",
      "from --metrics. Bounded by --duration; progress every 5 s."
    })
final class PlayStreamCommand implements Callable<Integer> {

  @Option(names = "--rate", defaultValue = "100", description = "Signals per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", defaultValue = "PT60S", description = "How long, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--users", defaultValue = "1000", description = "Users user-0 .. user-(N-1) (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "Catalog (songs.tsv layout) to pick tracks from.")
  Path catalog;

  @Option(names = "--metrics", paramLabel = "URL", description = "The worker's Prometheus URL, e.g. http://127.0.0.1:8081/prometheus.")
  URI metrics;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin SignalTopic topic;

  @Override
  public Integer call() throws Exception {
    if (rate <= 0 || users < 1 || duration.isNegative() || duration.isZero()) {
      System.err.println("play-stream: --rate and --duration must be positive and --users at least 1");
      return 2;
    }
    List<String> tracks;
    try (var reader = Files.newBufferedReader(catalog, StandardCharsets.UTF_8)) {
      tracks = SongsTsv.read(reader).tracks().stream().map(t -> t.id()).toList();
    }
    if (tracks.isEmpty()) {
      System.err.println("play-stream: catalog " + catalog + " has no tracks");
      return 2;
    }
    var random = new SplittableRandom(seed);
    var limiter = RateLimiter.create(rate);
    try (var clients = new PubSubClients(topic.settings())) {
      var publisher = clients.publisher(topic.topic);
      var pending = new ArrayList<ApiFuture<String>>();
      long end = System.nanoTime() + duration.toNanos();
      long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      long sent = 0;
      while (System.nanoTime() < end) {
        limiter.acquire();
        var now = Instant.now();
        var signal = UserSignal.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setUserId("user-" + random.nextInt(users))
            .setKind(SignalKind.PLAY)
            .setItemId(tracks.get(random.nextInt(tracks.size())))
            .setMsPlayed(60_000 + random.nextInt(180_000))
            .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .build();
        pending.add(publisher.publish(PubsubMessage.newBuilder().setData(signal.toByteString()).build()));
        sent++;
        if (pending.size() >= 1000) {
          for (var f : pending) {
            f.get(30, TimeUnit.SECONDS);
          }
          pending.clear();
        }
        if (System.nanoTime() >= nextReport) {
          System.out.printf("play-stream: %d signals published%n", sent);
          nextReport += TimeUnit.SECONDS.toNanos(5);
        }
      }
      for (var f : pending) {
        f.get(30, TimeUnit.SECONDS);
      }
      publisher.shutdown();
      publisher.awaitTermination(10, TimeUnit.SECONDS);
      System.out.printf("play-stream: done, %d signals in %s (%.0f/s)%n", sent, duration, sent / (double) duration.toSeconds());
    }
    if (metrics != null) {
      // Let the last signals' recomputes (one debounce interval at most) finish first.
      Thread.sleep(5000);
      printFreshness();
    }
    return 0;
  }

  private void printFreshness() throws Exception {
    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
        HttpResponse.BodyHandlers.ofString());
    System.out.println("worker freshness (occurred_at -> shelves written), from " + metrics + ":");
    response.body().lines()
        .filter(l -> l.startsWith("homeshelves_worker_freshness_seconds{") && l.contains("quantile")
            || l.startsWith("homeshelves_worker_freshness_seconds_count")
            || l.startsWith("homeshelves_worker_freshness_seconds_max")
            || l.startsWith("homeshelves_worker_recomputes_total")
            || l.startsWith("homeshelves_worker_coalesced_signals_total"))
        .forEach(l -> System.out.println("  " + l));
  }
}
