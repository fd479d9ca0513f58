package dev.homeshelves.service;

import dev.homeshelves.shelves.ShelfFunctions;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Provides the one registry of shelf functions (discovered from the class path) to the whole application. */
@Factory
final class ShelfFunctionsFactory {

  @Singleton
  ShelfFunctions shelfFunctions() {
    return ShelfFunctions.discover();
  }
}
