package dev.homeshelves.service.home;

import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import java.util.List;

/** A user's Home as the read path found it: the shelves (best first) and where they came from. */
public record Home(List<Shelf> shelves, Source source) {
  public Home {
    shelves = List.copyOf(shelves);
  }
}
