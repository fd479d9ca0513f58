package dev.homeshelves.service.store;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import io.micronaut.context.event.BeanPreDestroyEvent;
import io.micronaut.context.event.BeanPreDestroyEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the application's Bigtable data client at shutdown, waiting at most 5 s ({@link
 * BigtableClients#closeWithin}): unbounded, a {@code serve} after an overload sat in the close for
 * minutes on SIGTERM.
 */
@Singleton
final class BigtableDataClientCloser implements BeanPreDestroyEventListener<BigtableDataClient> {

  private static final Logger LOG = LoggerFactory.getLogger(BigtableDataClientCloser.class);
  private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

  @Override
  public BigtableDataClient onPreDestroy(BeanPreDestroyEvent<BigtableDataClient> event) {
    if (!BigtableClients.closeWithin(event.getBean(), CLOSE_WITHIN)) {
      LOG.warn("the Bigtable data client did not close within {} s; not waiting for its channels any longer",
          CLOSE_WITHIN.toSeconds());
    }
    return event.getBean();
  }
}
