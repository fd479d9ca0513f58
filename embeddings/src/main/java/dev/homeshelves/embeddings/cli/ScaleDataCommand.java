package dev.homeshelves.embeddings.cli;

import dev.homeshelves.embeddings.recommend.ItemStats;
import dev.homeshelves.embeddings.scale.ScaleDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code embeddings scale-data}: a catalog of any size and its recommender files, written directly. */
@Command(
    name = "scale-data",
    mixinStandardHelpOptions = true,
    description = {
      "A catalog of --tracks tracks with genre structure and the recommender's files for it,"
          + " deterministic for a --seed: songs.tsv (id, title, artist, genre), vectors.bin"
          + " (word2vec binary, clustered by genre and artist), vectors.bin.counts.tsv and"
          + " vectors.bin.cooc.tsv (at most --cooccurrence-neighbours followers per track).",
      "Prints each file's size and each step's time. 10^6 tracks x 64 take a few minutes."
    })
final class ScaleDataCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--tracks", required = true, description = "catalog size")
  int tracks;

  @Option(names = "--dim", defaultValue = "64", description = "vector dimension (default: ${DEFAULT-VALUE})")
  int dim;

  @Option(names = "--genres", description = "genre clusters (default: tracks / 25,000, at least 8)")
  Integer genres;

  @Option(names = "--cooccurrence-neighbours", description = "most followers per track (default: ${DEFAULT-VALUE})")
  int neighbours = ItemStats.DEFAULT_NEIGHBOURS;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if missing)")
  Path out;

  @Override
  public Integer call() throws Exception {
    var dataset = new ScaleDataset(tracks, dim, genres == null ? ScaleDataset.defaultGenres(tracks) : genres,
        neighbours, seed);
    long t0 = System.nanoTime();
    List<ScaleDataset.Written> files = dataset.write(out, line -> System.err.println(line));
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%-28s %12s %8s%n", "file", "MB", "seconds");
    long total = 0;
    for (var f : files) {
      o.printf("%-28s %12.1f %8.1f%n", f.file().getFileName(), f.bytes() / 1e6, f.seconds());
      total += f.bytes();
    }
    o.printf("%-28s %12.1f %8.1f%n", "total", total / 1e6, (System.nanoTime() - t0) / 1e9);
    o.flush();
    return 0;
  }
}
