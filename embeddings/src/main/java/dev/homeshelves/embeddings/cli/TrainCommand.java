package dev.homeshelves.embeddings.cli;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.format.VectorFormat;
import dev.homeshelves.embeddings.recommend.ItemStats;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import dev.homeshelves.embeddings.train.Corpus;
import dev.homeshelves.embeddings.train.SkipGramTrainer;
import dev.homeshelves.embeddings.train.Word2VecParams;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code embeddings train}: skip-gram negative sampling over a file of sequences. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains skip-gram negative-sampling vectors on sequences (one per line, item ids separated"
          + " by spaces) and writes them with the recommender's sidecars (<output>.counts.tsv,"
          + " <output>.cooc.tsv). Defaults are gensim 4's.",
      "Progress (items/s, alpha, epoch, ETA) goes to stderr."
    })
final class TrainCommand implements Callable<Integer> {
  private static final Word2VecParams D = Word2VecParams.defaults();

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "sequences, one per line")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "vectors file to write")
  Path output;

  @Option(names = "--format", paramLabel = "text|binary", defaultValue = "binary",
      description = "output format (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--dim", description = "vector size (default: ${DEFAULT-VALUE})")
  int dim = D.dim();

  @Option(names = "--window", description = "max context distance (default: ${DEFAULT-VALUE})")
  int window = D.window();

  @Option(names = "--negative", description = "negative samples per pair (default: ${DEFAULT-VALUE})")
  int negative = D.negative();

  @Option(names = "--ns-exponent", description = "exponent of the negative-sampling distribution, may be negative (default: ${DEFAULT-VALUE})")
  double nsExponent = D.nsExponent();

  @Option(names = "--min-count", description = "drop items seen fewer times (default: ${DEFAULT-VALUE})")
  int minCount = D.minCount();

  @Option(names = "--sample", description = "sub-sampling threshold, 0 disables (default: ${DEFAULT-VALUE})")
  double sample = D.sample();

  @Option(names = "--alpha", description = "initial learning rate (default: ${DEFAULT-VALUE})")
  double alpha = D.alpha();

  @Option(names = "--min-alpha", description = "final learning rate (default: ${DEFAULT-VALUE})")
  double minAlpha = D.minAlpha();

  @Option(names = "--epochs", description = "passes over the input (default: ${DEFAULT-VALUE})")
  int epochs = D.epochs();

  @Option(names = "--threads", description = "worker threads (default: ${DEFAULT-VALUE})")
  int threads = D.threads();

  @Option(names = "--seed", description = "random seed; one thread + seed is reproducible (default: ${DEFAULT-VALUE})")
  long seed = D.seed();

  @Option(names = "--cooccurrence-neighbours",
      description = "followers kept per item in the co-occurrence sidecar, the heaviest (default: ${DEFAULT-VALUE})")
  int neighbours = ItemStats.DEFAULT_NEIGHBOURS;

  @Override
  public Integer call() throws Exception {
    VectorFormat outFormat = VectorFormat.parse(format);
    Word2VecParams params = new Word2VecParams(
        dim, window, negative, minCount, sample, alpha, minAlpha, epochs, threads, nsExponent, seed);
    long t0 = System.nanoTime();
    Corpus corpus = Corpus.read(input, params.minCount());
    System.err.printf("read %,d sequences, %,d items, vocabulary %,d (min-count %d) in %.1fs%n",
        corpus.sequenceCount(), corpus.rawItemCount(), corpus.vocabularySize(), params.minCount(),
        (System.nanoTime() - t0) / 1e9);
    long t1 = System.nanoTime();
    Embeddings vectors = new SkipGramTrainer(params, p -> System.err.println(p.describe())).train(corpus);
    double seconds = (System.nanoTime() - t1) / 1e9;
    System.err.printf("trained %,d vectors of dim %d in %.1fs: %,.0f items/s%n",
        vectors.size(), vectors.dim(), seconds, corpus.retainedItemCount() * params.epochs() / seconds);
    VectorFiles.write(vectors, output, outFormat);
    ItemStats stats = ItemStats.read(input, ItemStats.DEFAULT_WINDOW).limitNeighbours(neighbours);
    RecommenderModel.writeSidecars(stats, output);
    System.err.printf("wrote %s (%s) and %s, %s%n", output, outFormat.name().toLowerCase(),
        RecommenderModel.countsFile(output).getFileName(), RecommenderModel.coocFile(output).getFileName());
    return 0;
  }
}
