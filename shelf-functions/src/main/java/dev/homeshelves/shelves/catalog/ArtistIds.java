package dev.homeshelves.shelves.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Derives a stable artist id from an artist name, since {@code songs.tsv} has none: the name
 * without accents, lower-cased, each run of other characters than a-z and 0-9 replaced by one
 * '-', no leading or trailing '-' ("Beyoncé" → {@code beyonce}, "T.I." → {@code t-i},
 * "Jay-Z" → {@code jay-z}). A name with no such character at all (e.g. "東方神起")
 * gets {@code artist-} and the first 12 hex digits of the SHA-256 of its UTF-8 bytes. Names
 * that differ only in case, accents or punctuation share an id: they are one artist.
 */
public final class ArtistIds {
  private ArtistIds() {}

  /** The id of the artist called {@code name}. */
  public static String fromName(String name) {
    String plain =
        Normalizer.normalize(name, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT);
    String slug = plain.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "artist-" + sha256Hex(name).substring(0, 12) : slug;
  }

  private static String sha256Hex(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
