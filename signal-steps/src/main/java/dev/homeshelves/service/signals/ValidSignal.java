package dev.homeshelves.service.signals;

import dev.homeshelves.api.v1.UserSignal;
import java.time.Instant;

/**
 * A signal that passed validation, with what the catalog says of its item. A signal for an
 * item the catalog does not know (yet: catalogs lag behind new releases) is still stored, but
 * kept out of shelves and trending: {@code knownItem} is false.
 */
public record ValidSignal(UserSignal signal, boolean knownItem) {

  public String userId() {
    return signal.getUserId();
  }

  public Instant occurredAt() {
    return Instant.ofEpochSecond(signal.getOccurredAt().getSeconds(), signal.getOccurredAt().getNanos());
  }
}
