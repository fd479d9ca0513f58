package dev.homeshelves.service.store;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;

/**
 * Creates missing tables while the application starts, before any server accepts calls.
 * On by default for local runs; production turns it off ({@code HOME_SHELVES_BIGTABLE_CREATE_TABLES=false})
 * and creates tables with {@code home-shelves provision}.
 */
@Context
@Requires(property = "home-shelves.bigtable.create-tables", value = "true")
final class CreateTablesAtStartup {

  private final TableCreator creator;

  CreateTablesAtStartup(TableCreator creator) {
    this.creator = creator;
  }

  @PostConstruct
  void createTables() {
    creator.createMissing();
  }
}
