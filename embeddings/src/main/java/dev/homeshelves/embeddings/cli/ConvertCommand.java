package dev.homeshelves.embeddings.cli;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.format.VectorFormat;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code embeddings convert}: rewrites a vectors file in the other format. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = "Reads a word2vec vectors file (text or binary, detected) and writes it in --format.")
final class ConvertCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IN", description = "vectors file, text or binary")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "file to write")
  Path out;

  @Option(names = "--format", required = true, paramLabel = "text|binary", description = "format of OUT")
  String format;

  @Override
  public Integer call() throws Exception {
    VectorFormat to = VectorFormat.parse(format);
    VectorFormat from = VectorFiles.detect(in);
    Embeddings vectors = VectorFiles.read(in);
    VectorFiles.write(vectors, out, to);
    System.err.printf("%s (%s) -> %s (%s): %,d vectors of dim %d%n", in, from.name().toLowerCase(),
        out, to.name().toLowerCase(), vectors.size(), vectors.dim());
    return 0;
  }
}
