package dev.homeshelves.service.signals;

import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.shelves.catalog.Catalog;

/**
 * The catalog step: whether the catalog knows a valid signal's item (a track for PLAY, SKIP and
 * LIKE, an artist for FOLLOW_ARTIST and UNFOLLOW_ARTIST).
 */
public final class KnownItems {

  private final Catalog catalog;

  public KnownItems(Catalog catalog) {
    this.catalog = catalog;
  }

  public ValidSignal classify(UserSignal s) {
    boolean known = s.getKind() == SignalKind.FOLLOW_ARTIST || s.getKind() == SignalKind.UNFOLLOW_ARTIST
        ? catalog.artist(s.getItemId()).isPresent()
        : catalog.containsTrack(s.getItemId());
    return new ValidSignal(s, known);
  }
}
