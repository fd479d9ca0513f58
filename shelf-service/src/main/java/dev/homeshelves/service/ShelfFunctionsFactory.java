package dev.homeshelves.service;

import dev.homeshelves.service.experiments.ShelfPlanner;
import dev.homeshelves.shelves.ShelfFunctions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Provides the one registry of shelf functions (discovered from the class path) to the whole application. */
@Factory
public final class ShelfFunctionsFactory {

  @Singleton
  ShelfFunctions shelfFunctions() {
    return ShelfFunctions.discover();
  }

  @Singleton
  ShelfPlanner shelfPlanner(ShelfFunctions functions, MeterRegistry registry) {
    return new ShelfPlanner(functions, invalidParams(registry));
  }

  /** Counts stored experiment parameters that no longer parse, per function. */
  public static ShelfPlanner.InvalidParams invalidParams(MeterRegistry registry) {
    return functionId -> Counter.builder("homeshelves.experiments.params.invalid")
        .description("Stored experiment parameters no longer valid for their function, computed with defaults instead")
        .tag("function", functionId)
        .register(registry)
        .increment();
  }
}
