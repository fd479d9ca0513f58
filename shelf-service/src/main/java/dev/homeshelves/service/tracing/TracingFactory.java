package dev.homeshelves.service.tracing;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The {@link Tracing} of the process, from application.yml's {@code home-shelves.tracing.exporter}. */
@Factory
final class TracingFactory {

  /** Secondary: a {@link Tracing} given to the context ready-made (a test's in-memory one) wins. */
  @Singleton
  @Secondary
  @Bean(preDestroy = "close")
  Tracing tracing(@Value("${home-shelves.tracing.exporter}") String exporter) {
    return Tracing.forExporter(exporter);
  }
}
