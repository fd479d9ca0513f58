package dev.homeshelves.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.core.ApiFuture;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Plays stored many at a time (they share bulk requests) against the Bigtable emulator. */
class PlayStoreWritesTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private final PlayStore store = new PlayStore(BIGTABLE.dataClient(), 500);

  private static UserSignal play(String user, String event, long millis) {
    return UserSignal.newBuilder().setEventId(event).setUserId(user).setKind(SignalKind.PLAY)
        .setItemId("t-" + event).setMsPlayed(200_000).setOccurredAt(Timestamps.fromMillis(millis)).build();
  }

  @Test
  void playsStoredAtOnceAreEachStoredAndOnlyTheFirstDeliveryCountsAsNew() throws Exception {
    var firsts = new ArrayList<ApiFuture<Boolean>>();
    for (int i = 0; i < 600; i++) {
      firsts.add(store.storeIfNew(play("w-" + (i % 30), "e" + i, 1_000_000L + i)));
    }
    assertThat(values(firsts)).hasSize(600).containsOnly(true);
    var repeats = new ArrayList<ApiFuture<Boolean>>();
    for (int i = 0; i < 600; i += 7) {
      repeats.add(store.storeIfNew(play("w-" + (i % 30), "e" + i, 1_000_000L + i)));
    }

    assertThat(values(repeats)).isNotEmpty().containsOnly(false);
    for (int u = 0; u < 30; u++) {
      assertThat(store.history("w-" + u)).hasSize(20).extracting(PlayRows.StoredPlay::eventId)
          .doesNotHaveDuplicates();
    }
  }

  private static List<Boolean> values(List<ApiFuture<Boolean>> futures) throws Exception {
    var out = new ArrayList<Boolean>();
    for (var f : futures) {
      out.add(f.get(30, TimeUnit.SECONDS));
    }
    return out;
  }
}
