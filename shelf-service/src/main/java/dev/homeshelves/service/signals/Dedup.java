package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.store.PlayStore;

/**
 * The dedup step: tells a play's first delivery (on any replica) from a repeat, by a marker
 * per event set with a conditional write. Only counting depends on it (trending, the
 * {@code duplicate} outcome): storing is idempotent and every delivery marks its user owed, so
 * a marker applied by a write that reported failure (a timeout) costs at most a trending count,
 * never a recompute. Follows and likes are idempotent cells and have no marker.
 */
public final class Dedup {

  private final PlayStore plays;

  public Dedup(PlayStore plays) {
    this.plays = plays;
  }

  /** True for the first delivery of the event to get here. */
  public ApiFuture<Boolean> firstDelivery(UserSignal s) {
    return s.getKind() == SignalKind.PLAY ? plays.markFirstDelivery(s) : ApiFutures.immediateFuture(true);
  }
}
