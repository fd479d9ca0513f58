package dev.homeshelves.loadtest.signals;

import com.google.protobuf.Timestamp;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.loadtest.home.UserPopulation;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The PLAY signals a run publishes: users from a population, tracks uniformly from a catalog
 * or, with a hot track, mostly that one. Each signal gets a unique event id and the current
 * time as {@code occurred_at}. Not thread-safe: the generator's one sender thread uses it.
 */
public final class SignalMix {
  private final UserPopulation users;
  private final String trackPattern;
  private final int tracks;
  private final String hotTrack;
  private final double hotShare;
  private final long msPlayed;
  private final String runId;
  private final SplittableRandom random;

  /**
   * @param hotTrack the hot track's id, or null for none
   * @param hotShare the share of plays that go to the hot track (0..1)
   */
  public SignalMix(
      UserPopulation users, String trackPattern, int tracks, String hotTrack, double hotShare,
      long msPlayed, long seed) {
    if (tracks < 1) {
      throw new IllegalArgumentException("tracks must be at least 1, was " + tracks);
    }
    if (hotShare < 0 || hotShare > 1) {
      throw new IllegalArgumentException("hot-share must be between 0 and 1, was " + hotShare);
    }
    this.users = users;
    this.trackPattern = trackPattern;
    this.tracks = tracks;
    this.hotTrack = hotTrack;
    this.hotShare = hotShare;
    this.msPlayed = msPlayed;
    this.random = new SplittableRandom(seed);
    this.runId = Long.toHexString(System.currentTimeMillis()) + "-" + Long.toHexString(random.nextLong());
  }

  /** Signal number {@code sequence} of this run, occurring now. */
  public UserSignal next(long sequence) {
    String track = hotTrack != null && random.nextDouble() < hotShare
        ? hotTrack
        : String.format(trackPattern, random.nextInt(tracks));
    Instant now = Instant.now();
    return UserSignal.newBuilder()
        .setEventId("loadtest-" + runId + "-" + sequence)
        .setUserId(users.next())
        .setKind(SignalKind.PLAY)
        .setItemId(track)
        .setMsPlayed(msPlayed)
        .setOccurredAt(Timestamp.newBuilder()
            .setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setContext("loadtest")
        .build();
  }
}
