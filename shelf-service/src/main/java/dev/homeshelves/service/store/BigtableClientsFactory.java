package dev.homeshelves.service.store;

import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Provides one Bigtable data client and one admin client per process, both closed at shutdown. */
@Factory
final class BigtableClientsFactory {

  /** Closed by {@link BigtableDataClientCloser}, which bounds the wait. */
  @Singleton
  BigtableDataClient bigtableDataClient(BigtableSettings settings) {
    return BigtableClients.data(settings);
  }

  @Singleton
  @Bean(preDestroy = "close")
  BigtableTableAdminClient bigtableTableAdminClient(BigtableSettings settings) {
    return BigtableClients.admin(settings);
  }
}
