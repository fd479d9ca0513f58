package dev.homeshelves.shelves;

import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.shelves.catalog.Catalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Re-ranking steps that keep a row from being ten songs by one artist. */
public final class Diversity {
  private Diversity() {}

  /**
   * The first {@code size} candidates, in order, taking at most {@code perArtist} tracks of
   * any one artist; candidates missing from the catalog are skipped.
   */
  public static List<Neighbor> capPerArtist(List<Neighbor> candidates, Catalog catalog, int perArtist, int size) {
    Map<String, Integer> taken = new HashMap<>();
    List<Neighbor> out = new ArrayList<>();
    for (Neighbor n : candidates) {
      if (out.size() >= size) {
        break;
      }
      catalog.track(n.id()).ifPresent(t -> {
        if (taken.merge(t.artistId(), 1, Integer::sum) <= perArtist) {
          out.add(n);
        }
      });
    }
    return out;
  }
}
