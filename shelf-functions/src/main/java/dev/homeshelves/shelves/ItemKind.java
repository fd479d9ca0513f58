package dev.homeshelves.shelves;

/** What a card shows. */
public enum ItemKind {
  TRACK,
  ARTIST
}
