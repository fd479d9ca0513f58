package dev.homeshelves.service.store;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.ReadModifyWriteRow;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.MoreExecutors;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Global play counts per time bucket in the {@code plays} table: row
 * {@code trending#<bucket start, yyyyMMdd'T'HHmm'Z'>}, family {@code t}, qualifier the track
 * id, value a 64-bit big-endian counter. Counts only ever grow by ReadModifyWrite increments,
 * so increments from any number of replicas add up.
 */
public final class TrendingStore {

  private static final String FAMILY = Tables.TRENDING_FAMILY;
  static final String ROW_PREFIX = "trending#";
  private static final DateTimeFormatter BUCKET =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  // Keeps a single ReadModifyWrite request well under Bigtable's per-request mutation limit.
  private static final int MAX_INCREMENTS_PER_REQUEST = 1000;
  // Off the request path, but a refresh must not hang on a storage outage.
  private static final Duration READ_DEADLINE = Duration.ofSeconds(10);

  private final BigtableDataClient data;
  private final TableId table;
  private final Duration bucket;

  public TrendingStore(BigtableDataClient data, Duration bucket) {
    if (bucket.toMinutes() < 1 || bucket.toSeconds() % 60 != 0) {
      throw new IllegalArgumentException("trending bucket must be a whole number of minutes, got " + bucket);
    }
    this.data = data;
    this.table = TableId.of(Tables.PLAYS);
    this.bucket = bucket;
  }

  /** The start of the bucket {@code t} falls in. */
  public Instant bucketOf(Instant t) {
    long size = bucket.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), size) * size);
  }

  public static String rowKey(Instant bucketStart) {
    return ROW_PREFIX + BUCKET.format(bucketStart);
  }

  /**
   * Adds {@code counts} (track id to plays) to one bucket: one increment per track, in as few
   * requests as the per-request limit allows. Completes when all are durable.
   */
  public ApiFuture<Void> add(Instant bucketStart, Map<String, Long> counts) {
    var requests = new ArrayList<ApiFuture<Row>>();
    ReadModifyWriteRow request = null;
    int inRequest = 0;
    for (var e : counts.entrySet()) {
      if (request == null) {
        request = ReadModifyWriteRow.create(table, rowKey(bucketStart));
      }
      request.increment(FAMILY, e.getKey(), e.getValue());
      if (++inRequest == MAX_INCREMENTS_PER_REQUEST) {
        requests.add(data.readModifyWriteRowAsync(request));
        request = null;
        inRequest = 0;
      }
    }
    if (request != null) {
      requests.add(data.readModifyWriteRowAsync(request));
    }
    return ApiFutures.transform(ApiFutures.allAsList(requests), rows -> null,
        MoreExecutors.directExecutor());
  }

  /** Play counts per track summed over the buckets overlapping [{@code from}, {@code to}]. */
  public Map<String, Long> counts(Instant from, Instant to) {
    var query = Query.create(table)
        .range(rowKey(bucketOf(from)), rowKey(bucketOf(to).plus(bucket)))
        .filter(FILTERS.chain()
            .filter(FILTERS.family().exactMatch(FAMILY))
            .filter(FILTERS.limit().cellsPerColumn(1)));
    var totals = new HashMap<String, Long>();
    for (var row : data.readRowsCallable().call(query, GrpcCallContext.createDefault().withTimeoutDuration(READ_DEADLINE))) {
      for (var cell : row.getCells()) {
        long count = ByteBuffer.wrap(cell.getValue().toByteArray()).getLong();
        totals.merge(cell.getQualifier().toStringUtf8(), count, Long::sum);
      }
    }
    return totals;
  }
}
