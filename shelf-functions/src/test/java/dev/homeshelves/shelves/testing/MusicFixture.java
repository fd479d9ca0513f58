package dev.homeshelves.shelves.testing;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.catalog.Catalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small catalog with 3-d vectors in three clear styles (x: pop ballads, y: metal, z: jazz),
 * and builders for users of it.
 */
public final class MusicFixture {
  public static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  public static final long FULL_PLAY_MS = 180_000;

  private final Catalog.Builder catalog = Catalog.builder();
  private final List<String> ids = new ArrayList<>();
  private final List<Float> values = new ArrayList<>();

  /** The standard fixture. */
  public static MusicFixture standard() {
    return new MusicFixture()
        .track("hello", "Hello", "Adele", 1f, 0f, 0f)
        .track("someone-like-you", "Someone Like You", "Adele", 0.97f, 0.03f, 0f)
        .track("skyfall", "Skyfall", "Adele", 0.95f, 0.05f, 0.05f)
        .track("easy-on-me", "Easy On Me", "Adele", 0.96f, 0f, 0.04f)
        .track("stay-with-me", "Stay With Me", "Sam Smith", 0.9f, 0.1f, 0f)
        .track("too-good", "Too Good at Goodbyes", "Sam Smith", 0.88f, 0.08f, 0.06f)
        .track("someone-you-loved", "Someone You Loved", "Lewis Capaldi", 0.92f, 0.02f, 0.08f)
        .track("one", "One", "Metallica", 0f, 1f, 0f)
        .track("enter-sandman", "Enter Sandman", "Metallica", 0.05f, 0.97f, 0f)
        .track("raining-blood", "Raining Blood", "Slayer", 0f, 0.95f, 0.1f)
        .track("so-what", "So What", "Miles Davis", 0f, 0f, 1f)
        .track("blue-in-green", "Blue in Green", "Miles Davis", 0.05f, 0f, 0.97f)
        .track("take-five", "Take Five", "Dave Brubeck", 0f, 0.05f, 0.95f);
  }

  /** Adds a track with its vector. */
  public MusicFixture track(String id, String title, String artist, float... vector) {
    catalog.track(id, title, artist);
    ids.add(id);
    for (float v : vector) {
      values.add(v);
    }
    return this;
  }

  public Catalog catalog() {
    return catalog.build();
  }

  /** The fixture's vectors. */
  public Embeddings embeddings() {
    float[] data = new float[values.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = values.get(i);
    }
    return Embeddings.of(ids, data, data.length / ids.size());
  }

  public CosineRecommender recommender() {
    return new CosineRecommender(embeddings());
  }

  /** A context builder for {@code userId} at {@link #NOW} over this catalog and vectors. */
  public ShelfContext.Builder user(String userId) {
    return ShelfContext.builder().userId(userId).now(NOW).catalog(catalog()).recommender(recommender());
  }

  /** A full play of {@code trackId}, {@code ago} before {@link #NOW}. */
  public static Play play(String trackId, Duration ago) {
    return new Play(trackId, NOW.minus(ago), FULL_PLAY_MS);
  }

  /** A play of {@code trackId} lasting {@code msPlayed}. */
  public static Play play(String trackId, Duration ago, long msPlayed) {
    return new Play(trackId, NOW.minus(ago), msPlayed);
  }

  /** {@code times} full plays of {@code trackId}, one per hour starting {@code ago} before now. */
  public static List<Play> plays(String trackId, int times, Duration ago) {
    List<Play> out = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      out.add(play(trackId, ago.plusHours(i)));
    }
    return out;
  }
}
