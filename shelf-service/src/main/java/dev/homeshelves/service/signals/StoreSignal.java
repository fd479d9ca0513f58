package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.store.FollowStore;
import dev.homeshelves.service.store.PlayStore;

/**
 * The store step: writes what a signal changes, a play to the user's history, a like or
 * (un)follow to their follows. Both writes are idempotent, so a redelivery is stored again
 * harmlessly.
 */
public final class StoreSignal {

  private final PlayStore plays;
  private final FollowStore follows;

  public StoreSignal(PlayStore plays, FollowStore follows) {
    this.plays = plays;
    this.follows = follows;
  }

  public ApiFuture<Void> store(UserSignal s) {
    return switch (s.getKind()) {
      case PLAY -> plays.store(s);
      case LIKE, FOLLOW_ARTIST, UNFOLLOW_ARTIST -> follows.apply(s);
      default -> throw new IllegalArgumentException("signals of kind " + s.getKind() + " are not stored");
    };
  }
}
