package dev.homeshelves.service.signals;

import com.google.protobuf.Timestamp;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.ItemKind;
import dev.homeshelves.api.v1.Provenance;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.ComputedShelf;
import java.time.Instant;
import java.util.Optional;

/** Turns a computed shelf into the stored and served {@code homeshelves.v1.Shelf}. */
public final class ShelfProtos {

  private ShelfProtos() {}

  /**
   * The shelf as stored: id and function id are the function's id, {@code computed_at} the
   * recompute's clock (the cell timestamp), provenance with the seeds, inputs, parameter
   * overrides (as {@code param.<name>}) and the newest signal applied.
   */
  public static Shelf toProto(ComputedShelf computed, String variant, Instant computedAt,
      Optional<Instant> lastSignalAt) {
    var provenance = Provenance.newBuilder()
        .addAllSeedIds(computed.seedIds())
        .putAllInputs(computed.inputs());
    computed.paramOverrides().forEach((name, value) -> provenance.putInputs("param." + name, value));
    lastSignalAt.ifPresent(t -> provenance.setLastSignalAt(timestamp(t)));
    var shelf = Shelf.newBuilder()
        .setId(computed.functionId())
        .setFunctionId(computed.functionId())
        .setTitle(computed.title())
        .setVariant(variant)
        .setScore(computed.score())
        .setComputedAt(timestamp(computedAt))
        .setProvenance(provenance);
    for (Card card : computed.cards()) {
      shelf.addItems(Item.newBuilder()
          .setId(card.itemId())
          .setKind(card.kind() == dev.homeshelves.shelves.ItemKind.ARTIST ? ItemKind.ITEM_KIND_ARTIST : ItemKind.ITEM_KIND_TRACK)
          .setTitle(card.title())
          .setSubtitle(card.subtitle())
          .setScore(card.score())
          .setReason(card.reason()));
    }
    return shelf.build();
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
