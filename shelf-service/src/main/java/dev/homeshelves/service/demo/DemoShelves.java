package dev.homeshelves.service.demo;

import com.google.protobuf.Timestamp;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.ItemKind;
import dev.homeshelves.api.v1.Provenance;
import dev.homeshelves.api.v1.Shelf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds simple demo shelves from a dataset, so the service shows real-looking Homes before
 * the worker and the real shelf functions exist: demo user {@code i} "listened to" playlist
 * {@code i}. The only place seed builds shelves; replace it with the shelf functions when they
 * land.
 */
public final class DemoShelves {

  private static final int SHELF_SIZE = 20;

  private final Dataset dataset;
  private final Timestamp computedAt;
  private final Map<String, List<Integer>> playlistsByTrack = new HashMap<>();
  private final List<String> byPopularity;

  public DemoShelves(Dataset dataset, Timestamp computedAt) {
    if (dataset.playlists().isEmpty()) {
      throw new IllegalArgumentException("the dataset has no playlists (train.txt is empty)");
    }
    this.dataset = dataset;
    this.computedAt = computedAt;
    Map<String, Integer> plays = new HashMap<>();
    for (int p = 0; p < dataset.playlists().size(); p++) {
      for (String id : dataset.playlists().get(p)) {
        playlistsByTrack.computeIfAbsent(id, k -> new ArrayList<>()).add(p);
        plays.merge(id, 1, Integer::sum);
      }
    }
    this.byPopularity =
        plays.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey)
            .toList();
  }

  /** Demo user id number {@code n}: {@code user-<n>}. */
  public static String userId(int n) {
    return "user-" + n;
  }

  /** The shelves of demo user {@code n}. */
  public List<Shelf> forUser(int n) {
    List<String> listened = dataset.playlists().get(n % dataset.playlists().size());
    List<Shelf> shelves = new ArrayList<>();
    shelves.add(shelf("jump-back-in", "Jump back in", 0.9, listened, id -> "You played it recently", List.of()));

    String seed = listened.get(0);
    String seedTitle = dataset.catalog().get(seed).title();
    List<String> similar = coOccurring(seed, new LinkedHashSet<>(listened));
    if (!similar.isEmpty()) {
      shelves.add(
          shelf("because-you-listened", "Because you listened to " + seedTitle, 0.8, similar,
              id -> "Often played with " + seedTitle, List.of(seed)));
    }

    String artist = topArtist(listened);
    List<String> byArtist =
        dataset.catalog().values().stream()
            .filter(t -> t.artist().equals(artist) && !listened.contains(t.id()))
            .map(Track::id)
            .sorted()
            .toList();
    if (!byArtist.isEmpty()) {
      shelves.add(shelf("more-from-artist", "More from " + artist, 0.7, byArtist, id -> "By " + artist, List.of()));
    }
    return shelves;
  }

  /** The default Home: trending (most played) and editorial (well liked, less known). */
  public List<Shelf> defaultHome() {
    List<String> trending = byPopularity.subList(0, Math.min(SHELF_SIZE, byPopularity.size()));
    int from = Math.min(byPopularity.size(), 100);
    List<String> fresh = byPopularity.subList(from, Math.min(byPopularity.size(), from + SHELF_SIZE));
    List<Shelf> shelves = new ArrayList<>();
    shelves.add(shelf("trending", "Trending now", 0.9, trending, id -> "Popular this week", List.of()));
    if (!fresh.isEmpty()) {
      shelves.add(shelf("editorial-fresh-finds", "Fresh finds", 0.8, fresh, id -> "Picked by our editors", List.of()));
    }
    return shelves;
  }

  private List<String> coOccurring(String seed, Set<String> exclude) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int p : playlistsByTrack.getOrDefault(seed, List.of())) {
      for (String id : dataset.playlists().get(p)) {
        if (!exclude.contains(id)) {
          counts.merge(id, 1, Integer::sum);
        }
      }
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private String topArtist(List<String> tracks) {
    return tracks.stream()
        .collect(Collectors.groupingBy(id -> dataset.catalog().get(id).artist(), LinkedHashMap::new, Collectors.counting()))
        .entrySet().stream()
        .max(Comparator.comparing(Map.Entry<String, Long>::getValue))
        .orElseThrow()
        .getKey();
  }

  private Shelf shelf(
      String id, String title, double score, List<String> trackIds,
      Function<String, String> reason, List<String> seeds) {
    Shelf.Builder shelf =
        Shelf.newBuilder()
            .setId(id)
            .setTitle(title)
            .setFunctionId("demo-" + id)
            .setScore(score)
            .setComputedAt(computedAt)
            .setProvenance(Provenance.newBuilder().addAllSeedIds(seeds).putInputs("source", "demo seed"));
    int n = Math.min(SHELF_SIZE, trackIds.size());
    for (int i = 0; i < n; i++) {
      Track track = dataset.catalog().get(trackIds.get(i));
      shelf.addItems(
          Item.newBuilder()
              .setId(track.id())
              .setKind(ItemKind.ITEM_KIND_TRACK)
              .setTitle(track.title())
              .setSubtitle(track.artist())
              .setScore(n - i)
              .setReason(reason.apply(track.id())));
    }
    return shelf.build();
  }
}
