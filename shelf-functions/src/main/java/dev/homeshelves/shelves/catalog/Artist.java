package dev.homeshelves.shelves.catalog;

import java.util.List;

/** An artist of the catalog and their track ids, in catalog order. */
public record Artist(String id, String name, List<String> trackIds) {
  public Artist {
    trackIds = List.copyOf(trackIds);
  }
}
