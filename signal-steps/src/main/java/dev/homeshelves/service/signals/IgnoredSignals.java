package dev.homeshelves.service.signals;

import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import java.time.Duration;

/**
 * Valid signals that change nothing and are acked at once: a SKIP, or a PLAY shorter than
 * {@code min-play}: the one statement of the rule, for the worker's SignalPipeline and the Beam
 * stream job.
 */
public final class IgnoredSignals {

  private IgnoredSignals() {}

  public static boolean ignored(UserSignal s, Duration minPlay) {
    return s.getKind() == SignalKind.SKIP
        || (s.getKind() == SignalKind.PLAY && s.getMsPlayed() < minPlay.toMillis());
  }
}
