package dev.homeshelves.service.store;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import io.micronaut.context.event.BeanPreDestroyEvent;
import io.micronaut.context.event.BeanPreDestroyEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the application's Bigtable data client at shutdown, waiting at most {@value
 * #CLOSE_WITHIN_SECONDS} s. {@code BigtableDataClient.close()} waits for its channels to
 * terminate with no bound: after an overload a {@code serve} process sat in it for minutes on
 * SIGTERM. Whatever has not finished by then is abandoned; the process exits anyway.
 */
@Singleton
final class BigtableDataClientCloser implements BeanPreDestroyEventListener<BigtableDataClient> {

  private static final Logger LOG = LoggerFactory.getLogger(BigtableDataClientCloser.class);
  private static final long CLOSE_WITHIN_SECONDS = 5;

  @Override
  public BigtableDataClient onPreDestroy(BeanPreDestroyEvent<BigtableDataClient> event) {
    BigtableDataClient client = event.getBean();
    Thread closer = new Thread(client::close, "bigtable-data-client-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(Duration.ofSeconds(CLOSE_WITHIN_SECONDS).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      LOG.warn("the Bigtable data client did not close within {} s; not waiting for its channels any longer",
          CLOSE_WITHIN_SECONDS);
    }
    return client;
  }
}
