package dev.homeshelves.loadtest.faults;

import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the run published and so what the system owes: every signal Pub/Sub accepted at least
 * one copy of, by event id. Each signal here changes its user's data (plays count, likes and
 * follows are new), so each must be stored once, its user's Home must reflect it, and each
 * play must count once for trending.
 */
final class Ledger {
  private final Map<String, UserSignal> accepted = new ConcurrentHashMap<>();
  private final AtomicLong messagesAccepted = new AtomicLong();
  private final AtomicLong publishFailures = new AtomicLong();

  /** Pub/Sub accepted one copy of {@code s}. */
  void accepted(UserSignal s) {
    messagesAccepted.incrementAndGet();
    accepted.putIfAbsent(s.getEventId(), s);
  }

  void publishFailed() {
    publishFailures.incrementAndGet();
  }

  long signals() {
    return accepted.size();
  }

  long messages() {
    return messagesAccepted.get();
  }

  long publishFailures() {
    return publishFailures.get();
  }

  List<UserSignal> all() {
    return List.copyOf(accepted.values());
  }

  List<String> users() {
    return accepted.values().stream().map(UserSignal::getUserId).distinct().sorted().toList();
  }

  /** Per user, the occurred_at (whole milliseconds) of their newest signal. */
  Map<String, Long> newestSignalMillis() {
    var newest = new HashMap<String, Long>();
    for (var s : accepted.values()) {
      newest.merge(s.getUserId(), millis(s), Math::max);
    }
    return newest;
  }

  /** Plays per track: what trending must have counted. */
  Map<String, Long> playsPerTrack() {
    var counts = new HashMap<String, Long>();
    for (var s : accepted.values()) {
      if (s.getKind() == SignalKind.PLAY) {
        counts.merge(s.getItemId(), 1L, Long::sum);
      }
    }
    return counts;
  }

  static long millis(UserSignal s) {
    return Instant.ofEpochSecond(s.getOccurredAt().getSeconds(), s.getOccurredAt().getNanos()).toEpochMilli();
  }
}
