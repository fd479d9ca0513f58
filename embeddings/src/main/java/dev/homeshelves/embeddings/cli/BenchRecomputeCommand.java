package dev.homeshelves.embeddings.cli;

import dev.homeshelves.embeddings.index.ExactIndex;
import dev.homeshelves.embeddings.index.HnswIndexFile;
import dev.homeshelves.embeddings.index.HnswParams;
import dev.homeshelves.embeddings.recommend.ItemStats;
import dev.homeshelves.embeddings.recommend.ModelOptions;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import dev.homeshelves.embeddings.scale.RecomputeBench;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code embeddings bench-recompute}: load a model as the worker does, then CPU per user and recall@10. */
@Command(
    name = "bench-recompute",
    mixinStandardHelpOptions = true,
    description = {
      "Loads vectors, sidecars and index as the worker does (exact below --exact-below vectors,"
          + " else HNSW, the saved <vectors>.hnsw when it matches) and prints the files' sizes,"
          + " each part's load time and the heap after loading.",
      "Then the recommender calls of one recompute for synthetic users of --catalog"
          + " (made-for-you, because-you-listened, more-like-artist): thread CPU per user, and,"
          + " with HNSW, each shelf's recall@10 against the exact scan (--recall-users)."
    })
final class BenchRecomputeCommand implements Callable<Integer> {
  private static final ModelOptions D = ModelOptions.defaults();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--vectors", required = true, paramLabel = "FILE", description = "vectors with their sidecars")
  Path vectorsFile;

  @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "songs.tsv layout (id, title, artist)")
  Path catalog;

  @Option(names = "--users", defaultValue = "500", description = "measured users (default: ${DEFAULT-VALUE})")
  int users;

  @Option(names = "--warmup", defaultValue = "300", description = "unmeasured recomputes first (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--recall-users", defaultValue = "100", description = "users compared with the exact scan; 0 skips (default: ${DEFAULT-VALUE})")
  int recallUsers;

  @Option(names = "--exact-below", description = "exact scan below this many vectors, else HNSW (default: ${DEFAULT-VALUE})")
  int exactBelow = D.exactBelow();

  @Option(names = "--m", description = "HNSW M (default: ${DEFAULT-VALUE})")
  int m = D.hnsw().m();

  @Option(names = "--ef-construction", description = "HNSW ef_construction (default: ${DEFAULT-VALUE})")
  int efConstruction = D.hnsw().efConstruction();

  @Option(names = "--ef", description = "HNSW ef (default: ${DEFAULT-VALUE})")
  int ef = D.hnsw().ef();

  @Option(names = "--build-threads", description = "threads when the graph is built at load (default: ${DEFAULT-VALUE})")
  int buildThreads = D.buildThreads();

  @Option(names = "--cooccurrence-neighbours", description = "followers kept per track (default: ${DEFAULT-VALUE})")
  int neighbours = ItemStats.DEFAULT_NEIGHBOURS;

  @Option(names = "--seed", defaultValue = "1", description = "users' random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (Path f : List.of(vectorsFile, RecommenderModel.countsFile(vectorsFile), RecommenderModel.coocFile(vectorsFile),
        HnswIndexFile.graphFile(vectorsFile))) {
      out.printf("file %-32s %,10.1f MB%n", f.getFileName(), Files.exists(f) ? Files.size(f) / 1e6 : 0.0);
    }
    var options = new ModelOptions(exactBelow, new HnswParams(m, efConstruction, ef, HnswParams.defaults().seed()),
        buildThreads, neighbours);
    long t0 = System.nanoTime();
    RecommenderModel model = RecommenderModel.load(vectorsFile, options);
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    out.printf("loaded in %.1fs: %s%n", loadSeconds, model.loadReport());
    out.printf("heap after loading (after a full GC): %,.0f MB used, max %,.0f MB; process RSS %s"
        + " (the HNSW graph is native memory, outside the heap)%n", usedHeapMb(),
        Runtime.getRuntime().maxMemory() / 1e6, residentSetSize());
    out.flush();

    var bench = RecomputeBench.users(catalog, RecommenderModel.countsFile(vectorsFile), Math.max(users, recallUsers), seed);
    var cpu = bench.cpu(model, warmup, 0, users);
    out.printf("recompute CPU per user, %s (%,d users after %,d warm-up): %.0f us%n",
        model.index() instanceof ExactIndex ? "exact scan" : "HNSW ef " + ef, users, warmup, cpu.perUser());
    for (int s = 0; s < 3; s++) {
      out.printf("  %-22s %8.0f us%n", RecomputeBench.SHELVES.get(s), cpu.perShelf()[s]);
    }
    out.flush();
    if (recallUsers > 0 && !(model.index() instanceof ExactIndex)) {
      RecommenderModel exact = model.withIndex(new ExactIndex(model.embeddings()));
      double[] recall = bench.recallAt10(model, exact, recallUsers);
      var exactCpu = bench.cpu(exact, Math.min(warmup, 20), 0, recallUsers);
      out.printf("exact scan, same users (%,d): %.0f us per user%n", recallUsers, exactCpu.perUser());
      for (int s = 0; s < 3; s++) {
        out.printf("  recall@10 %-22s %.4f%n", RecomputeBench.SHELVES.get(s), recall[s]);
      }
    }
    out.printf("heap now %,.0f MB used%n", usedHeapMb());
    out.flush();
    return 0;
  }

  /** VmRSS from /proc (Linux), or "unknown". */
  private static String residentSetSize() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return String.format("%,.0f MB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e3);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: say so below
    }
    return "unknown";
  }

  private static double usedHeapMb() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
  }
}
