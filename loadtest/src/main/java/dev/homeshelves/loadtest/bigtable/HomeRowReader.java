package dev.homeshelves.loadtest.bigtable;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Filters.Filter;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.MoreExecutors;
import dev.homeshelves.loadtest.load.AsyncRequest;
import dev.homeshelves.loadtest.load.Outcome;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.Tables;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Reads users' Home rows the way the service's read path does ({@link ShelfStore}: the user's row
 * of {@code shelves}, the newest {@value Tables#SHELF_VERSIONS} versions of each shelf), without
 * blocking.
 * Answers are labelled {@code ROW} or {@code NO_ROW} (a user without shelves).
 */
final class HomeRowReader implements AsyncRequest {
  private static final TableId SHELVES = TableId.of(Tables.SHELVES);
  private static final Filter HOME_CELLS = FILTERS.chain()
      .filter(FILTERS.family().exactMatch(Tables.SHELVES_FAMILY))
      .filter(FILTERS.limit().cellsPerColumn(Tables.SHELF_VERSIONS));

  private final BigtableDataClient client;
  private final LongFunction<String> userIds;
  private final GrpcCallContext context;

  HomeRowReader(BigtableDataClient client, LongFunction<String> userIds, Duration deadline) {
    this.client = client;
    this.userIds = userIds;
    this.context = GrpcCallContext.createDefault().withTimeoutDuration(deadline);
  }

  @Override
  public void start(long sequence, Consumer<Outcome> done) {
    Query query = Query.create(SHELVES).rowKey(ShelfStore.userRow(userIds.apply(sequence))).filter(HOME_CELLS);
    ApiFutures.addCallback(client.readRowCallable().futureCall(query, context), new ApiFutureCallback<>() {
      @Override
      public void onSuccess(Row row) {
        done.accept(Outcome.ok(row == null ? "NO_ROW" : "ROW"));
      }

      @Override
      public void onFailure(Throwable error) {
        done.accept(Outcome.failed(error));
      }
    }, MoreExecutors.directExecutor());
  }
}
