package dev.homeshelves.service.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalog and its playlists, read from a directory in the shared data layout: {@code
 * catalog.tsv} (the demo's name) or {@code songs.tsv}, each with the header {@code
 * id<TAB>title<TAB>artist}; {@code train.txt}, one playlist per line, track ids separated by
 * spaces.
 */
public record Dataset(Map<String, Track> catalog, List<List<String>> playlists) {

  public Dataset {
    catalog = Map.copyOf(catalog);
    playlists = List.copyOf(playlists);
  }

  /** Reads {@code dir}; errors name the file, the line and the rule broken. */
  public static Dataset read(Path dir) {
    Path catalogFile = catalogFile(dir);
    Path train = dir.resolve("train.txt");
    if (!Files.exists(train)) {
      throw new IllegalArgumentException(dir + ": train.txt not found");
    }
    Map<String, Track> catalog = readCatalog(catalogFile);
    return new Dataset(catalog, readPlaylists(train, catalog));
  }

  /** The catalog file of {@code dir}: {@code catalog.tsv}, else {@code songs.tsv}. */
  public static Path catalogFile(Path dir) {
    Path catalogFile = dir.resolve("catalog.tsv");
    if (!Files.exists(catalogFile)) {
      catalogFile = dir.resolve("songs.tsv");
    }
    if (!Files.exists(catalogFile)) {
      throw new IllegalArgumentException(dir + ": neither catalog.tsv nor songs.tsv found");
    }
    return catalogFile;
  }

  private static Map<String, Track> readCatalog(Path file) {
    List<String> lines = lines(file);
    if (lines.isEmpty() || !lines.get(0).equals("id\ttitle\tartist")) {
      throw new IllegalArgumentException(file + ":1: header must be id<TAB>title<TAB>artist");
    }
    Map<String, Track> catalog = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 3 || fields[0].isBlank()) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": expected 3 tab-separated fields (id, title, artist), got " + fields.length);
      }
      catalog.put(fields[0], new Track(fields[0], unescape(fields[1]), unescape(fields[2])));
    }
    return catalog;
  }

  private static List<List<String>> readPlaylists(Path file, Map<String, Track> catalog) {
    List<String> lines = lines(file);
    List<List<String>> playlists = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      List<String> ids = List.of(line.split(" +"));
      for (String id : ids) {
        if (!catalog.containsKey(id)) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": track id '" + id + "' is not in the catalog");
        }
      }
      playlists.add(ids);
    }
    return playlists;
  }

  /** The yes.com titles escape slashes as in JSON ("w\/ Drake"). */
  private static String unescape(String field) {
    return field.replace("\\/", "/");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
