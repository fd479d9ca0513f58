package dev.homeshelves.service.signals;

import dev.homeshelves.embeddings.Recommender;
import dev.homeshelves.embeddings.recommend.ModelOptions;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import dev.homeshelves.shelves.catalog.Catalog;
import dev.homeshelves.shelves.catalog.SongsTsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What recomputes read besides the user's own data: the catalog (songs.tsv layout) and the
 * recommender (a word2vec vectors file with its sidecars), loaded once at start.
 */
public record WorkerModel(Catalog catalog, Optional<Recommender> recommender) {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerModel.class);

  /**
   * Loads the catalog and, when given, the recommender. A missing catalog file is an error;
   * without vectors the similarity shelves are simply empty.
   */
  public static WorkerModel load(Path catalogFile, Optional<Path> vectorsFile, ModelOptions options) {
    if (!Files.isRegularFile(catalogFile)) {
      throw new IllegalArgumentException("catalog file " + catalogFile
          + " does not exist (home-shelves.worker.catalog, songs.tsv layout: id<TAB>title<TAB>artist)");
    }
    Catalog catalog;
    try (var reader = Files.newBufferedReader(catalogFile, StandardCharsets.UTF_8)) {
      catalog = SongsTsv.read(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalog " + catalogFile, e);
    }
    LOG.info("loaded catalog {}: {} tracks", catalogFile, catalog.trackCount());
    if (vectorsFile.isEmpty()) {
      LOG.warn("no vectors configured (home-shelves.worker.vectors): similarity shelves stay empty");
      return new WorkerModel(catalog, Optional.empty());
    }
    try {
      var model = RecommenderModel.load(vectorsFile.get(), options);
      LOG.info("loaded recommender from {}: {} vectors; {}", vectorsFile.get(), model.embeddings().size(),
          model.loadReport());
      return new WorkerModel(catalog, Optional.of(new CachingRecommender(model)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load vectors " + vectorsFile.get()
          + " and their sidecars (.counts.tsv, .cooc.tsv)", e);
    }
  }
}
