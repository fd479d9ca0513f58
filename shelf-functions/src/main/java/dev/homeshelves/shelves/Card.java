package dev.homeshelves.shelves;

import dev.homeshelves.shelves.catalog.Artist;
import dev.homeshelves.shelves.catalog.Track;
import java.util.Objects;

/** One item of a shelf, with the line of text that says why it is there. */
public record Card(String itemId, ItemKind kind, String title, String subtitle, double score, String reason) {
  public Card {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(subtitle, "subtitle");
    Objects.requireNonNull(reason, "reason");
  }

  /** A track card: title, the artist as subtitle. */
  public static Card track(Track track, double score, String reason) {
    return new Card(track.id(), ItemKind.TRACK, track.title(), track.artistName(), score, reason);
  }

  /** An artist card: the name, the number of tracks as subtitle. */
  public static Card artist(Artist artist, double score, String reason) {
    int n = artist.trackIds().size();
    return new Card(artist.id(), ItemKind.ARTIST, artist.name(),
        n + (n == 1 ? " track" : " tracks"), score, reason);
  }

  /** Identity across shelves: the same track on two shelves is the same card. */
  public String key() {
    return kind + ":" + itemId;
  }
}
