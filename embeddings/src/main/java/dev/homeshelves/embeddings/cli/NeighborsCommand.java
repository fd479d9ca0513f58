package dev.homeshelves.embeddings.cli;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.index.ExactIndex;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code embeddings neighbors}: the nearest items of one item, with titles when given. */
@Command(
    name = "neighbors",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the k nearest items of ID (cosine, or the recommender's scoring).",
      "--recommender needs the sidecars `train` writes next to the vectors."
    })
final class NeighborsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "VECTORS", description = "vectors file, text or binary")
  Path vectorsFile;

  @Parameters(index = "1", paramLabel = "ID", description = "item id")
  String id;

  @Option(names = {"-k", "--k"}, defaultValue = "10", description = "how many (default: ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--titles", paramLabel = "TSV",
      description = "songs.tsv / catalog.tsv: header, then id<TAB>title<TAB>artist")
  Path titles;

  @Option(names = "--recommender", description = "rank with the recommender scoring instead of cosine")
  boolean recommender;

  @Override
  public Integer call() throws Exception {
    List<Neighbor> result;
    Embeddings vectors;
    if (recommender) {
      RecommenderModel model = RecommenderModel.load(vectorsFile);
      vectors = model.embeddings();
      result = model.similarTo(id, k, Set.of());
    } else {
      vectors = VectorFiles.read(vectorsFile);
      result = new ExactIndex(vectors).nearestTo(id, k, Set.of());
    }
    if (!vectors.contains(id)) {
      System.err.println("error: id '" + id + "' is not in " + vectorsFile);
      return 1;
    }
    Map<String, String> names = titles == null ? Map.of() : readTitles(titles);
    System.out.println("neighbours of " + id + describe(names, id));
    for (int i = 0; i < result.size(); i++) {
      Neighbor n = result.get(i);
      System.out.printf("%3d  %8.4f  %s%s%n", i + 1, n.score(), n.id(), describe(names, n.id()));
    }
    return 0;
  }

  private static String describe(Map<String, String> names, String id) {
    String name = names.get(id);
    return name == null ? "" : "  " + name;
  }

  private static Map<String, String> readTitles(Path file) throws IOException {
    Map<String, String> out = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t");
        if (f.length >= 3) {
          out.put(f[0], f[1] + " — " + f[2]);
        } else if (f.length == 2) {
          out.put(f[0], f[1]);
        }
      }
    }
    return out;
  }
}
