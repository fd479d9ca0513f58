package dev.homeshelves.service.signals;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.util.Optional;

/** Where the worker and backfill load the catalog and the recommender's vectors from. */
@ConfigurationProperties("home-shelves.model")
public record ModelSettings(
    @Bindable(defaultValue = "") String catalog,
    @Bindable(defaultValue = "") String vectors) {

  /** Loads what is configured; without a catalog the shelves have no titles to show. */
  public WorkerModel load() {
    if (catalog.isBlank()) {
      throw new IllegalArgumentException("home-shelves.model.catalog (HOME_SHELVES_MODEL_CATALOG) is"
          + " required: a songs.tsv-layout file (id<TAB>title<TAB>artist)");
    }
    return WorkerModel.load(Path.of(catalog),
        vectors.isBlank() ? Optional.empty() : Optional.of(Path.of(vectors)));
  }
}
