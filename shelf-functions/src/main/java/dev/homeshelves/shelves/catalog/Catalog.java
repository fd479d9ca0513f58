package dev.homeshelves.shelves.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Track and artist metadata: track id to title and artist, artist id to name and tracks. */
public final class Catalog {
  private static final Catalog EMPTY = new Builder().build();

  private final Map<String, Track> tracks;
  private final Map<String, Artist> artists;

  private Catalog(Map<String, Track> tracks, Map<String, Artist> artists) {
    this.tracks = tracks;
    this.artists = artists;
  }

  /** A catalog with no tracks. */
  public static Catalog empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<Track> track(String id) {
    return Optional.ofNullable(tracks.get(id));
  }

  public Optional<Artist> artist(String id) {
    return Optional.ofNullable(artists.get(id));
  }

  public boolean containsTrack(String id) {
    return tracks.containsKey(id);
  }

  /** All tracks in catalog order. */
  public Collection<Track> tracks() {
    return tracks.values();
  }

  /** All artists in order of their first track. */
  public Collection<Artist> artists() {
    return artists.values();
  }

  public int trackCount() {
    return tracks.size();
  }

  /** Collects tracks; artists are derived from the tracks' artist names. */
  public static final class Builder {
    private final Map<String, Track> tracks = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a track by {@code artistName} (its id per {@link ArtistIds#fromName}); a second
     * track with the same id is rejected.
     */
    public Builder track(String id, String title, String artistName) {
      String artistId = ArtistIds.fromName(artistName);
      Track track = new Track(id, title, artistId, artistName);
      if (tracks.putIfAbsent(id, track) != null) {
        throw new IllegalArgumentException("duplicate track id '" + id + "'");
      }
      return this;
    }

    public Catalog build() {
      Map<String, String> names = new LinkedHashMap<>();
      Map<String, List<String>> trackIds = new LinkedHashMap<>();
      for (Track t : tracks.values()) {
        // Spelling variants share one id; the first spelling seen names the artist.
        names.putIfAbsent(t.artistId(), t.artistName());
        trackIds.computeIfAbsent(t.artistId(), k -> new ArrayList<>()).add(t.id());
      }
      Map<String, Track> canonicalTracks = new LinkedHashMap<>();
      for (Track t : tracks.values()) {
        canonicalTracks.put(t.id(), new Track(t.id(), t.title(), t.artistId(), names.get(t.artistId())));
      }
      Map<String, Artist> artists = new LinkedHashMap<>();
      names.forEach((id, name) -> artists.put(id, new Artist(id, name, trackIds.get(id))));
      return new Catalog(
          Collections.unmodifiableMap(canonicalTracks), Collections.unmodifiableMap(artists));
    }
  }
}
