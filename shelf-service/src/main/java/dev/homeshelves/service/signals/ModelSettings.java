package dev.homeshelves.service.signals;

import dev.homeshelves.embeddings.index.HnswParams;
import dev.homeshelves.embeddings.recommend.ModelOptions;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the worker and backfill load the catalog and the recommender's vectors from, and how
 * the recommender searches them: an exact scan below {@code exactBelow} vectors, else HNSW
 * with the paper's knobs M, ef_construction and ef (the graph saved by {@code bin/embeddings
 * index} next to the vectors is used when it matches them).
 */
@ConfigurationProperties("home-shelves.model")
public record ModelSettings(
    @Bindable(defaultValue = "") String catalog,
    @Bindable(defaultValue = "") String vectors,
    @Bindable(defaultValue = "100000") int exactBelow,
    @Bindable(defaultValue = "16") int hnswM,
    @Bindable(defaultValue = "200") int hnswEfConstruction,
    @Bindable(defaultValue = "500") int hnswEf,
    @Bindable(defaultValue = "2") int hnswBuildThreads,
    @Bindable(defaultValue = "100") int cooccurrenceNeighbours) {

  public ModelSettings {
    PubSubSettings.require(exactBelow >= 0, "model.exact-below", "must not be negative");
    PubSubSettings.require(hnswM >= 2, "model.hnsw-m", "must be at least 2");
    PubSubSettings.require(hnswEfConstruction >= 1, "model.hnsw-ef-construction", "must be at least 1");
    PubSubSettings.require(hnswEf >= 1, "model.hnsw-ef", "must be at least 1");
    PubSubSettings.require(hnswBuildThreads >= 1, "model.hnsw-build-threads", "must be at least 1");
    PubSubSettings.require(cooccurrenceNeighbours >= 1, "model.cooccurrence-neighbours", "must be at least 1");
  }

  /** The recommender's index choice and co-occurrence bound. */
  public ModelOptions options() {
    return new ModelOptions(exactBelow, new HnswParams(hnswM, hnswEfConstruction, hnswEf, HnswParams.defaults().seed()),
        hnswBuildThreads, cooccurrenceNeighbours);
  }

  /** Loads what is configured; without a catalog the shelves have no titles to show. */
  public WorkerModel load() {
    if (catalog.isBlank()) {
      throw new IllegalArgumentException("home-shelves.model.catalog (HOME_SHELVES_MODEL_CATALOG) is"
          + " required: a songs.tsv-layout file (id<TAB>title<TAB>artist)");
    }
    return WorkerModel.load(Path.of(catalog),
        vectors.isBlank() ? Optional.empty() : Optional.of(Path.of(vectors)), options());
  }
}
