package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import dev.homeshelves.service.store.RecomputeStore;

/**
 * The mark-dirty step: records in Bigtable that the user's Home owes this signal (row
 * {@code d#<user>} of the recompute table). Written after the signal's rows, so whoever sees the
 * mark and then reads the user's data reads the signal too; deleted only by the recompute that
 * included it. This is what survives a crash between ack and recompute. With tracing on the
 * mark also carries the signal's trace context, so the recompute that includes it, on
 * whichever replica, links to the signal's span.
 */
public final class MarkOwed {

  private final RecomputeStore store;

  public MarkOwed(RecomputeStore store) {
    this.store = store;
  }

  /** @param traceparent the W3C trace context of the signal's span, null when it is not traced */
  public ApiFuture<Void> mark(ValidSignal s, String traceparent) {
    return store.markOwed(s.userId(), s.signal().getEventId(), s.occurredAt(), traceparent);
  }
}
