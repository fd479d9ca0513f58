package dev.homeshelves.loadtest.faults;

import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A steady stream of plays, likes and follows over a set of users, each message published
 * twice: the second copy a random 0-2 s later, so the two usually reach different replicas at
 * different times, as a client retrying a publish would send them. Every like and follow is of
 * an item new to its user, so each changes what the user's Home is computed from.
 */
final class SignalStream implements AutoCloseable {
  static final double LIKE_SHARE = 0.1;
  static final double FOLLOW_SHARE = 0.1;
  static final long MS_PLAYED = 180_000;
  private static final long REPEAT_WITHIN_MS = 2_000;

  private final Publisher publisher;
  private final Ledger ledger;
  private final int users;
  private final int tracks;
  private final int artists;
  private final String runId;
  private final SplittableRandom random;
  private final Set<String> usedItems = new HashSet<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    var t = new Thread(r, "fault-stream");
    t.setDaemon(true);
    return t;
  });
  private long sequence;

  SignalStream(Publisher publisher, Ledger ledger, int users, int tracks, int artists, long seed) {
    this.publisher = publisher;
    this.ledger = ledger;
    this.users = users;
    this.tracks = tracks;
    this.artists = artists;
    this.random = new SplittableRandom(seed);
    this.runId = Long.toHexString(System.currentTimeMillis());
  }

  static String user(int i) {
    return "fault-user-" + i;
  }

  static String track(int i) {
    return String.valueOf(i);
  }

  static String artist(int i) {
    return "artist-" + i;
  }

  /** Starts sending {@code rate} signals a second; runs until {@link #stop}. */
  void start(double rate) {
    long periodNanos = (long) (1e9 / rate);
    timer.scheduleAtFixedRate(this::sendOne, 0, periodNanos, TimeUnit.NANOSECONDS);
  }

  /** Stops sending new signals and waits for the repeats already scheduled to go out. */
  void stop() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(REPEAT_WITHIN_MS + 5_000, TimeUnit.MILLISECONDS);
    publisher.publishAllOutstanding();
  }

  private void sendOne() {
    var signal = next();
    var message = PubsubMessage.newBuilder().setData(signal.toByteString()).build();
    publish(signal, message);
    timer.schedule(() -> publish(signal, message), random.nextLong(REPEAT_WITHIN_MS), TimeUnit.MILLISECONDS);
  }

  private UserSignal next() {
    String user = user(random.nextInt(users));
    double kind = random.nextDouble();
    var b = UserSignal.newBuilder().setEventId("fault-" + runId + "-" + sequence++).setUserId(user)
        .setContext("faults");
    // Whole milliseconds: the stores keep milliseconds, so the check compares like with like.
    var now = Instant.ofEpochMilli(System.currentTimeMillis());
    b.setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    if (kind < LIKE_SHARE) {
      String item = track(random.nextInt(tracks));
      if (usedItems.add(user + "/like/" + item)) {
        return b.setKind(SignalKind.LIKE).setItemId(item).build();
      }
    } else if (kind < LIKE_SHARE + FOLLOW_SHARE) {
      String item = artist(random.nextInt(artists));
      if (usedItems.add(user + "/follow/" + item)) {
        return b.setKind(SignalKind.FOLLOW_ARTIST).setItemId(item).build();
      }
    }
    return b.setKind(SignalKind.PLAY).setItemId(track(random.nextInt(tracks))).setMsPlayed(MS_PLAYED).build();
  }

  private void publish(UserSignal signal, PubsubMessage message) {
    ApiFutures.addCallback(publisher.publish(message), new ApiFutureCallback<>() {
      @Override
      public void onSuccess(String id) {
        ledger.accepted(signal);
      }

      @Override
      public void onFailure(Throwable t) {
        ledger.publishFailed();
      }
    }, MoreExecutors.directExecutor());
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** How long the stream runs on after {@link #stop} is called, at most: the last repeats. */
  static Duration tail() {
    return Duration.ofMillis(REPEAT_WITHIN_MS);
  }
}
