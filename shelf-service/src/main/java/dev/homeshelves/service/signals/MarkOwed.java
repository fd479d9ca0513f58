package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import dev.homeshelves.service.store.RecomputeStore;

/**
 * The mark-dirty step: records in Bigtable that the user's Home owes this signal (row
 * {@code d#<user>} of the recompute table). Written after the signal's rows, so whoever sees the
 * mark and then reads the user's data reads the signal too; deleted only by the recompute that
 * included it. This is what survives a crash between ack and recompute.
 */
public final class MarkOwed {

  private final RecomputeStore store;

  public MarkOwed(RecomputeStore store) {
    this.store = store;
  }

  public ApiFuture<Void> mark(ValidSignal s) {
    return store.markOwed(s.userId(), s.signal().getEventId(), s.occurredAt());
  }
}
