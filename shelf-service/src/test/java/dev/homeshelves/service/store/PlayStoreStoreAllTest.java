package dev.homeshelves.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlayStoreStoreAllTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private final PlayStore store = new PlayStore(BIGTABLE.dataClient(), 500);

  private static UserSignal play(String user, String event, String track, long millis) {
    return UserSignal.newBuilder().setEventId(event).setUserId(user).setKind(SignalKind.PLAY)
        .setItemId(track).setMsPlayed(200_000).setOccurredAt(Timestamps.fromMillis(millis)).build();
  }

  @Test
  void storeAllWritesEveryPlayNewestFirstAndARepeatAddsNothing() {
    var plays = List.of(play("ann", "e1", "t1", 1_000_000), play("ann", "e2", "t2", 2_000_000));

    store.storeAll("ann", plays);
    store.storeAll("ann", plays);

    assertThat(store.history("ann")).extracting(PlayRows.StoredPlay::eventId).containsExactly("e2", "e1");
  }

  @Test
  void storeAllRejectsAPlayOfAnotherUser() {
    assertThatThrownBy(() -> store.storeAll("ann", List.of(play("bob", "e1", "t1", 1_000))))
        .hasMessageContaining("of user 'bob'");
  }
}
