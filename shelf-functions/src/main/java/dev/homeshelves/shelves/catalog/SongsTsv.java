package dev.homeshelves.shelves.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Reads the {@code songs.tsv} layout: a header starting {@code id title artist}, then one
 * track per line, tab-separated. Further columns (the synthetic {@code catalog.tsv} adds
 * {@code genre}) are ignored. The escape {@code \/} found in the Yes.com titles is read as
 * {@code /}. Blank lines are skipped.
 */
public final class SongsTsv {
  private SongsTsv() {}

  /** Parses the whole reader; a malformed line fails with its line number and the rule. */
  public static Catalog read(Reader reader) {
    Catalog.Builder catalog = Catalog.builder();
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    try {
      String header = in.readLine();
      if (header == null) {
        throw new CatalogFormatException(
            1, "empty input, expected the header 'id<TAB>title<TAB>artist'");
      }
      String[] h = stripBom(header).split("\t", -1);
      if (h.length < 3 || !h[0].equals("id") || !h[1].equals("title") || !h[2].equals("artist")) {
        throw new CatalogFormatException(
            1, "header must start with 'id<TAB>title<TAB>artist', was '" + header + "'");
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length < 3) {
          throw new CatalogFormatException(
              lineNo, "expected 3 tab-separated fields (id, title, artist), found " + f.length);
        }
        String id = f[0].strip();
        if (id.isEmpty()) {
          throw new CatalogFormatException(lineNo, "empty id");
        }
        String artist = unescape(f[2]).strip();
        if (artist.isEmpty()) {
          throw new CatalogFormatException(lineNo, "empty artist for track '" + id + "'");
        }
        try {
          catalog.track(id, unescape(f[1]).strip(), artist);
        } catch (IllegalArgumentException e) {
          throw new CatalogFormatException(lineNo, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return catalog.build();
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  private static String unescape(String s) {
    return s.replace("\\/", "/");
  }
}
