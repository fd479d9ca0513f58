package dev.homeshelves.embeddings.cli;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.bench.ClusteredVectors;
import dev.homeshelves.embeddings.bench.QueryBenchmark;
import dev.homeshelves.embeddings.bench.SyntheticPlaylists;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.format.VectorFormat;
import dev.homeshelves.embeddings.index.ExactIndex;
import dev.homeshelves.embeddings.index.HnswIndex;
import dev.homeshelves.embeddings.index.HnswParams;
import dev.homeshelves.embeddings.train.Corpus;
import dev.homeshelves.embeddings.train.SkipGramTrainer;
import dev.homeshelves.embeddings.train.Word2VecParams;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code embeddings bench}: training throughput, then exact vs HNSW query throughput and recall. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Training throughput, and exact vs HNSW top-10 queries/s with recall@10.",
      "1. Training throughput: skip-gram on --corpus (default: generated playlists) with dim 64,"
          + " window 5, negative 5, sample 1e-3, --epochs, --threads.",
      "2. Top-10 queries/s on one thread, exact and HNSW (Voyager) at each --ef, with recall@10"
          + " against exact. Vectors: --vectors FILE, or a generated clustered set (--points,"
          + " --dim, --centres, --noise) that --save-vectors writes for other tools (hnswlib)."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--skip-train", description = "skip the training measurement")
  boolean skipTrain;

  @Option(names = "--skip-query", description = "skip the query measurement")
  boolean skipQuery;

  @Option(names = "--corpus", paramLabel = "FILE", description = "sequences to train on")
  Path corpus;

  @Option(names = "--playlists", defaultValue = "20000", description = "generated corpus size (default: ${DEFAULT-VALUE})")
  int playlists;

  @Option(names = "--epochs", defaultValue = "5", description = "training epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--threads", defaultValue = "2", description = "training threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--vectors", paramLabel = "FILE", description = "vectors to query (text or binary)")
  Path vectorsFile;

  @Option(names = "--points", defaultValue = "50000", description = "generated set: points (default: ${DEFAULT-VALUE}; issue 4 uses 200000)")
  int points;

  @Option(names = "--dim", defaultValue = "64", description = "generated set: dimension (default: ${DEFAULT-VALUE})")
  int dim;

  @Option(names = "--centres", defaultValue = "200", description = "generated set: Gaussian centres (default: ${DEFAULT-VALUE})")
  int centres;

  @Option(names = "--noise", defaultValue = "0.6", description = "generated set: noise standard deviation (default: ${DEFAULT-VALUE})")
  double noise;

  @Option(names = "--seed", defaultValue = "1", description = "generated data seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--save-vectors", paramLabel = "FILE", description = "write the generated set (word2vec binary)")
  Path saveVectors;

  @Option(names = "--queries", defaultValue = "1000", description = "queries: the first N vectors (default: ${DEFAULT-VALUE})")
  int queries;

  @Option(names = "--m", defaultValue = "16", description = "HNSW M (default: ${DEFAULT-VALUE})")
  int m;

  @Option(names = "--ef-construction", defaultValue = "200", description = "HNSW efConstruction (default: ${DEFAULT-VALUE})")
  int efConstruction;

  @Option(names = "--ef", split = ",", defaultValue = "10,20,40,80,160", description = "HNSW ef values to measure (default: ${DEFAULT-VALUE})")
  List<Integer> efs;

  @Option(names = "--build-threads", defaultValue = "2", description = "HNSW build threads (default: ${DEFAULT-VALUE})")
  int buildThreads;

  @Override
  public Integer call() throws Exception {
    if (!skipTrain) {
      benchTraining();
    }
    if (!skipQuery) {
      benchQueries();
    }
    return 0;
  }

  private void benchTraining() throws Exception {
    Word2VecParams params = Word2VecParams.defaults().withDim(64).withEpochs(epochs).withThreads(threads);
    Corpus c = corpus != null
        ? Corpus.read(corpus, params.minCount())
        : Corpus.of(SyntheticPlaylists.generate(playlists, 20_000, 50, seed), params.minCount());
    System.err.printf("training on %s: %,d sequences, %,d items, vocabulary %,d%n",
        corpus != null ? corpus : "generated playlists", c.sequenceCount(), c.rawItemCount(), c.vocabularySize());
    long t0 = System.nanoTime();
    new SkipGramTrainer(params, p -> System.err.println(p.describe())).train(c);
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("train  dim 64 window 5 negative 5 sample 1e-3 epochs %d threads %d: %.1fs, %,.0f items/s%n",
        epochs, threads, s, c.retainedItemCount() * (double) epochs / s);
  }

  private void benchQueries() throws Exception {
    Embeddings vectors;
    if (vectorsFile != null) {
      vectors = VectorFiles.read(vectorsFile);
    } else {
      vectors = ClusteredVectors.generate(points, dim, centres, noise, seed);
      System.err.printf("generated %,d unit vectors, dim %d, %d centres, noise sd %.2f, seed %d%n",
          points, dim, centres, noise, seed);
      if (saveVectors != null) {
        VectorFiles.write(vectors, saveVectors, VectorFormat.BINARY);
        System.err.println("wrote " + saveVectors);
      }
    }
    QueryBenchmark bench = new QueryBenchmark(vectors, queries);
    System.err.printf("exact search of %,d queries over %,d vectors...%n", Math.min(queries, vectors.size()), vectors.size());
    QueryBenchmark.Result exact = bench.run(new ExactIndex(vectors), null);
    System.out.printf("query  exact                      recall@10 1.000  %,10.0f queries/s%n", exact.queriesPerSecond());
    long t0 = System.nanoTime();
    try (HnswIndex hnsw = new HnswIndex(vectors, new HnswParams(m, efConstruction, efs.get(0), seed), buildThreads)) {
      System.out.printf("build  hnsw M %d efConstruction %d, %d threads: %.1fs%n",
          m, efConstruction, buildThreads, (System.nanoTime() - t0) / 1e9);
      for (int ef : efs) {
        hnsw.setEf(ef);
        QueryBenchmark.Result r = bench.run(hnsw, exact.answers());
        System.out.printf("query  hnsw M %d efC %d ef %-5d    recall@10 %.3f  %,10.0f queries/s%n",
            m, efConstruction, ef, r.recallAt10(), r.queriesPerSecond());
      }
    }
  }
}
