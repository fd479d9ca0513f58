package dev.homeshelves.embeddings.cli;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.NeighborIndex;
import dev.homeshelves.embeddings.evaluate.NextTrackEvaluation;
import dev.homeshelves.embeddings.evaluate.NextTrackEvaluation.Metrics;
import dev.homeshelves.embeddings.evaluate.PopularityBaseline;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.index.ExactIndex;
import dev.homeshelves.embeddings.index.HnswIndex;
import dev.homeshelves.embeddings.index.HnswParams;
import dev.homeshelves.embeddings.recommend.ItemStats;
import dev.homeshelves.embeddings.recommend.ModelOptions;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import dev.homeshelves.embeddings.recommend.Scoring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code embeddings evaluate}: next-track HitRate@10/@50 and MRR, three methods side by side. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Next-track HitRate@10, HitRate@50 and MRR: cosine, recommender, popularity side by side.",
      "For each consecutive pair (a, b) of the held-out sequences: is b in the top 10 / top 50"
          + " recommended for a? Any vectors file in the word2vec formats works; counts and"
          + " co-occurrence come from --train. Lists of weights sweep every combination."
    })
final class EvaluateCommand implements Callable<Integer> {
  private static final Scoring D = Scoring.defaults();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--vectors", required = true, paramLabel = "FILE", description = "vectors, text or binary")
  Path vectorsFile;

  @Option(names = "--train", required = true, paramLabel = "FILE", description = "training sequences (for counts)")
  Path train;

  @Option(names = "--test", required = true, paramLabel = "FILE", description = "held-out sequences")
  Path test;

  @Option(names = "--popularity-weight", split = ",", paramLabel = "X[,X...]",
      description = "recommender: weight of ln(count); a list sweeps (default: ${DEFAULT-VALUE})")
  List<Double> popularity = List.of(D.popularity());

  @Option(names = "--cooccurrence-weight", split = ",", paramLabel = "X[,X...]",
      description = "recommender: weight of ln(1+co-occurrence); a list sweeps (default: ${DEFAULT-VALUE})")
  List<Double> cooccurrence = List.of(D.cooccurrence());

  @Option(names = "--precedes-weight", split = ",", paramLabel = "X[,X...]",
      description = "recommender: weight of items that came before the seed; a list sweeps (default: ${DEFAULT-VALUE})")
  List<Double> precedes = List.of(D.precedes());

  @Option(names = "--cooccurrence-window", description = "recommender: co-occurrence window (default: ${DEFAULT-VALUE})")
  int window = ItemStats.DEFAULT_WINDOW;

  @Option(names = "--candidates", description = "recommender: cosine neighbours scored (default: ${DEFAULT-VALUE})")
  int candidates = D.candidates();

  @Option(names = "--cooccurrence-neighbours", split = ",", paramLabel = "K[,K...]",
      description = "recommender: followers kept per item, the heaviest; a list sweeps (default: ${DEFAULT-VALUE})")
  List<Integer> neighbours = List.of(ItemStats.DEFAULT_NEIGHBOURS);

  @Option(names = "--index", defaultValue = "exact",
      description = "neighbour index of cosine and recommender: exact or hnsw (default: ${DEFAULT-VALUE})")
  String indexKind;

  @Option(names = "--m", description = "HNSW M (default: ${DEFAULT-VALUE})")
  int m = ModelOptions.DEFAULT_HNSW.m();

  @Option(names = "--ef-construction", description = "HNSW ef_construction (default: ${DEFAULT-VALUE})")
  int efConstruction = ModelOptions.DEFAULT_HNSW.efConstruction();

  @Option(names = "--ef", description = "HNSW ef (default: ${DEFAULT-VALUE})")
  int ef = ModelOptions.DEFAULT_HNSW.ef();

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Embeddings vectors = VectorFiles.read(vectorsFile);
    ItemStats stats = ItemStats.read(train, window);
    NextTrackEvaluation evaluation = NextTrackEvaluation.read(test);
    System.err.printf("%,d vectors of dim %d, %,d training items, %,d test pairs (%.1fs)%n",
        vectors.size(), vectors.dim(), stats.counts().size(), evaluation.pairCount(),
        (System.nanoTime() - t0) / 1e9);
    int depth = NextTrackEvaluation.DEPTH;
    NeighborIndex exact = switch (indexKind) {
      case "exact" -> new ExactIndex(vectors);
      case "hnsw" -> new HnswIndex(vectors, new HnswParams(m, efConstruction, ef, HnswParams.defaults().seed()), 2);
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--index must be exact or hnsw, was '" + indexKind + "'");
    };
    PopularityBaseline popular = new PopularityBaseline(stats, depth);

    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-12s %12s %12s %8s%n", "method", "HitRate@10", "HitRate@50", "MRR");
    print(out, "cosine", evaluation.evaluate(a -> exact.nearestTo(a, depth, Set.of())));
    boolean sweep = popularity.size() * cooccurrence.size() * precedes.size() * neighbours.size() > 1;
    for (int k : neighbours) {
      ItemStats bounded = stats.limitNeighbours(k);
      for (double p : popularity) {
        for (double c : cooccurrence) {
          for (double b : precedes) {
            RecommenderModel model = RecommenderModel.of(exact, bounded, new Scoring(p, c, b, candidates));
            Metrics metrics = evaluation.evaluate(a -> model.similarTo(a, depth, Set.of()));
            print(out, sweep ? String.format("recommender neighbours %d popularity %s co-occurrence %s precedes %s",
                k, p, c, b) : "recommender", metrics);
          }
        }
      }
    }
    print(out, "popularity", evaluation.evaluate(popular::recommend));
    out.printf("(%,d pairs; index %s; recommender: popularity %s, co-occurrence %s, precedes %s, window %d,"
        + " neighbours %s, candidates %d)%n", evaluation.pairCount(),
        exact instanceof HnswIndex h ? "hnsw M " + m + " ef_construction " + efConstruction + " ef " + ef : "exact",
        join(popularity), join(cooccurrence), join(precedes), window,
        neighbours.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")), candidates);
    out.flush();
    return 0;
  }

  private static String join(List<Double> values) {
    return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
  }

  private static void print(PrintWriter out, String method, Metrics m) {
    out.printf("%-12s %12.4f %12.4f %8.4f%n", method, m.hitRate10(), m.hitRate50(), m.mrr());
  }
}
