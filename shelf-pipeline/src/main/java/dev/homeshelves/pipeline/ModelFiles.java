package dev.homeshelves.pipeline;

import dev.homeshelves.embeddings.recommend.ModelOptions;
import dev.homeshelves.service.signals.WorkerModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Loads the worker's model (catalog and recommender) in a pipeline worker: the files are staged
 * from wherever Beam's file systems reach (a local path, gs://) into a local directory, then
 * loaded with the worker's own {@link WorkerModel#load}. Once per JVM and model.
 */
final class ModelFiles {

  private static final Map<String, WorkerModel> LOADED = new ConcurrentHashMap<>();

  private ModelFiles() {}

  static WorkerModel load(String catalog, String vectors) {
    return LOADED.computeIfAbsent(catalog + "\n" + vectors, key -> {
      try {
        var dir = Files.createTempDirectory("home-shelves-model");
        var catalogFile = stage(FileSystems.matchSingleFileSpec(catalog), dir);
        Optional<Path> vectorsFile = Optional.empty();
        if (!vectors.isBlank()) {
          // The vectors file and its sidecars (<vectors>.counts.tsv, .cooc.tsv, a saved index).
          for (var file : FileSystems.match(vectors + "*").metadata()) {
            var staged = stage(file, dir);
            if (file.resourceId().getFilename().equals(FileSystems.matchSingleFileSpec(vectors).resourceId().getFilename())) {
              vectorsFile = Optional.of(staged);
            }
          }
          if (vectorsFile.isEmpty()) {
            throw new IllegalArgumentException("--vectors " + vectors + " does not exist");
          }
        }
        return WorkerModel.load(catalogFile, vectorsFile, ModelOptions.defaults());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stage the model (" + catalog + ", " + vectors + ")", e);
      }
    });
  }

  private static Path stage(MatchResult.Metadata file, Path dir) throws IOException {
    var target = dir.resolve(file.resourceId().getFilename());
    try (var in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
