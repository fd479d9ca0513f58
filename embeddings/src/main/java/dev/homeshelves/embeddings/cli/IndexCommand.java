package dev.homeshelves.embeddings.cli;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.index.HnswIndex;
import dev.homeshelves.embeddings.index.HnswIndexFile;
import dev.homeshelves.embeddings.index.HnswParams;
import dev.homeshelves.embeddings.recommend.ModelOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code embeddings index}: builds the HNSW graph ahead of time and saves it next to the vectors. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Builds the HNSW graph (Voyager) of a vectors file and saves it as <vectors>.hnsw with"
          + " <vectors>.hnsw.meta; the recommender loads it instead of building one at start when"
          + " the meta matches the vectors and its M and ef_construction."
    })
final class IndexCommand implements Callable<Integer> {
  private static final HnswParams D = ModelOptions.DEFAULT_HNSW;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "VECTORS", description = "vectors file, text or binary")
  Path vectorsFile;

  @Option(names = "--m", description = "HNSW M, links per node (default: ${DEFAULT-VALUE})")
  int m = D.m();

  @Option(names = "--ef-construction", description = "HNSW ef_construction (default: ${DEFAULT-VALUE})")
  int efConstruction = D.efConstruction();

  @Option(names = "--threads", defaultValue = "2", description = "build threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Embeddings vectors = VectorFiles.read(vectorsFile);
    long t1 = System.nanoTime();
    System.err.printf("read %,d vectors of dim %d in %.1fs; building M %d, ef_construction %d, %d threads%n",
        vectors.size(), vectors.dim(), (t1 - t0) / 1e9, m, efConstruction, threads);
    try (HnswIndex index = new HnswIndex(vectors, new HnswParams(m, efConstruction, D.ef(), D.seed()), threads)) {
      long t2 = System.nanoTime();
      HnswIndexFile.write(index, vectorsFile);
      long t3 = System.nanoTime();
      Path graph = HnswIndexFile.graphFile(vectorsFile);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("built in %.1fs, saved %s (%,.1f MB) in %.1fs%n", (t2 - t1) / 1e9, graph,
          Files.size(graph) / 1e6, (t3 - t2) / 1e9);
      out.flush();
    }
    return 0;
  }
}
