package dev.homeshelves.service.demo;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A plausible listening history for demo user {@code n}: they played the tracks of playlist
 * {@code n} (modulo the number of playlists) in a few sessions over the last four weeks, the
 * last one within the hour before {@code now}, coming back to some favourites, mostly in full
 * and sometimes stopping part-way. Deterministic in {@code n}: the event ids are
 * {@code seed-user-<n>-<k>}, so a rerun can tell what it stored before.
 */
public final class DemoListening {

  /** The prefix of every demo event id. */
  public static final String EVENT_PREFIX = "seed-";

  private static final int SESSIONS = 6;
  private static final Duration SPAN = Duration.ofDays(28);

  private final Dataset dataset;

  public DemoListening(Dataset dataset) {
    if (dataset.playlists().isEmpty()) {
      throw new IllegalArgumentException("the dataset has no playlists (train.txt is empty)");
    }
    this.dataset = dataset;
  }

  /** Demo user id number {@code n}: {@code user-<n>}. */
  public static String userId(int n) {
    return "user-" + n;
  }

  /** The plays of demo user {@code n}, oldest first, the newest within the hour before {@code now}. */
  public List<UserSignal> plays(int n, Instant now) {
    String user = userId(n);
    List<String> playlist = dataset.playlists().get(n % dataset.playlists().size());
    Random random = new Random(31L * n + 7);
    // A few favourites the user keeps coming back to.
    List<String> favourites = new ArrayList<>(playlist);
    Collections.shuffle(favourites, random);
    favourites = favourites.subList(0, Math.max(1, favourites.size() / 4));

    List<UserSignal> plays = new ArrayList<>();
    Instant lastSessionStart = now.minus(Duration.ofMinutes(20 + random.nextInt(35)));
    for (int s = 0; s < SESSIONS; s++) {
      // Sessions spread over the span, oldest first; the last one starts lastSessionStart.
      long back = (SESSIONS - 1 - s) * SPAN.toMinutes() / SESSIONS;
      Instant at = lastSessionStart.minus(Duration.ofMinutes(back + (s == SESSIONS - 1 ? 0 : random.nextInt(600))));
      List<String> session = new ArrayList<>();
      for (String id : playlist) {
        if (random.nextDouble() < 0.6) {
          session.add(id);
        }
      }
      session.add(favourites.get(random.nextInt(favourites.size())));
      if (session.size() < 2) {
        session.add(playlist.get(random.nextInt(playlist.size())));
      }
      for (String track : session) {
        if (!at.isBefore(now)) {
          break;
        }
        // Mostly whole tracks (2.5-4.5 min); one in six stopped after 30-90 s.
        long ms = random.nextInt(6) == 0 ? 30_000 + random.nextInt(60_000) : 150_000 + random.nextInt(120_000);
        plays.add(UserSignal.newBuilder()
            .setEventId(EVENT_PREFIX + user + "-" + plays.size())
            .setUserId(user)
            .setKind(SignalKind.PLAY)
            .setItemId(track)
            .setMsPlayed(ms)
            .setOccurredAt(Timestamps.fromMillis(at.toEpochMilli()))
            .setContext("seed")
            .build());
        at = at.plusMillis(ms + 1_000);
      }
    }
    return plays;
  }
}
