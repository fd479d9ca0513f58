package dev.homeshelves.loadtest.echo;

import com.google.protobuf.Timestamp;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.ItemKind;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;

/**
 * A synthetic Home of a chosen serialized size, shaped like a real one (titled shelves of
 * tracks with titles, artists and reasons), for the echo server's reply.
 */
public final class TypicalHome {
  private static final String[] SHELVES = {
    "recently-played", "because-you-listened", "made-for-you", "heavy-rotation",
    "more-like-artist", "trending-now"
  };
  private static final int ITEMS_PER_SHELF = 10;

  private TypicalHome() {}

  /** A Home whose serialized size is {@code bytes} or just above (never below 64 bytes). */
  public static GetHomeResponse ofSize(int bytes) {
    if (bytes < 64) {
      throw new IllegalArgumentException("reply size must be at least 64 bytes, was " + bytes);
    }
    Timestamp now = Timestamp.newBuilder().setSeconds(1_795_000_000L).build();
    GetHomeResponse.Builder home = GetHomeResponse.newBuilder()
        .setSource(Source.SOURCE_FRESH)
        .setGeneratedAt(now);
    int card = 0;
    while (true) {
      String id = SHELVES[home.getShelvesCount() % SHELVES.length];
      Shelf.Builder shelf = Shelf.newBuilder()
          .setId(id)
          .setFunctionId(id)
          .setTitle("Because you listened to Track " + card)
          .setComputedAt(now)
          .setScore(1.0 / (1 + home.getShelvesCount()));
      home.addShelves(shelf);
      int shelfIndex = home.getShelvesCount() - 1;
      for (int i = 0; i < ITEMS_PER_SHELF; i++, card++) {
        Item item = Item.newBuilder()
            .setId("track-" + (100_000 + card))
            .setKind(ItemKind.ITEM_KIND_TRACK)
            .setTitle("Track Title " + card)
            .setSubtitle("Artist " + (card % 97))
            .setScore(1.0 - i / 100.0)
            .setReason("Similar to Track " + (card * 7 % 1000))
            .build();
        home.setShelves(shelfIndex, home.getShelves(shelfIndex).toBuilder().addItems(item));
        if (home.build().getSerializedSize() >= bytes) {
          return home.build();
        }
      }
    }
  }
}
