package dev.homeshelves.service.store;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.ConditionalRowMutation;
import com.google.cloud.bigtable.data.v2.models.Filters.Filter;
import com.google.cloud.bigtable.data.v2.models.Mutation;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Global play counts per time bucket in the {@code trending} table, written so that no retry,
 * redelivery or crash can count a play twice (docs/decisions/2026-12-07-trending-cells.md).
 *
 * <p><b>Counts.</b> A writer (one worker process) writes its counts of one flush for one bucket
 * as a <em>unit</em>: row {@code tr#<bucket start, yyyyMMdd'T'HHmm'Z'>#<shard>#<writer>#<seq>},
 * where the shard is fixed per writer ({@link #shardOf}: a hash of its id modulo {@code
 * trending-shards}), one cell per track, qualifier {@code d/<writer>/<seq>/<track id>}, value a
 * 64-bit big-endian count, and a marker {@code u/<writer>/<seq>}. A unit is one row mutation, so
 * it is stored whole or not at all, and it is written with plain set-cells at fixed timestamps,
 * so a retry rewrites the same cells. Readers sum every {@code d/} cell of the rows under the
 * window's buckets (every shard and unit: one range scan).
 *
 * <p><b>Claims.</b> Which unit counts a play is recorded once per event in row {@code
 * tc#<user id>#<event id>} (qualifier {@code c}): the first delivery to claim it names its unit,
 * later deliveries find the claim and only check that unit. (A claim also names the attempt that
 * made it, so two deliveries claiming for the same unit are told apart.) A unit not written within the claim
 * grace can be <em>cancelled</em>: a tombstone {@code x/<writer>/<seq>} in its row, set only if
 * the unit is absent, and the unit itself is written only if no tombstone is there; both are
 * conditional writes on the same row, so exactly one of them wins, and the play is claimed
 * again for a unit of the canceller.
 *
 * <p>All cells are in family {@code t} (GC: max age 7 days, as long as Pub/Sub keeps a message);
 * unit cells carry their bucket's start as timestamp, claims their claim time.
 *
 * <p>Not final: tests stand in for a lost reply by overriding {@link #writeUnit}.
 */
public class TrendingStore {

  private static final String FAMILY = Tables.TRENDING_FAMILY;
  static final String ROW_PREFIX = TrendingRows.ROW_PREFIX;
  static final String CLAIM_PREFIX = "tc#";
  private static final String CLAIM_COLUMN = "c";
  // A unit is one row mutation; Bigtable allows 100,000 mutations per request.
  public static final int MAX_TRACKS_PER_UNIT = 10_000;
  /** Shards are three digits in the row key. */
  public static final int MAX_SHARDS = 999;
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
    this.table = TableId.of(Tables.TRENDING);
    this.bucket = bucket;
  }

  /** The start of the bucket {@code t} falls in. */
  public Instant bucketOf(Instant t) {
    return TrendingRows.bucketOf(t, bucket);
  }

  /**
   * The shard a writer's units go to among {@code shards}: fixed per writer, so each of its units
   * is one row, and spread over writers, so no row takes every replica's writes.
   */
  public static int shardOf(String writer, int shards) {
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new IllegalArgumentException("trending shards must be 1.." + MAX_SHARDS + ", got " + shards);
    }
    return Math.floorMod(writer.hashCode(), shards);
  }

  public static String rowKey(Instant bucketStart, int shard) {
    return TrendingRows.rowKey(bucketStart, shard);
  }

  /** Where one writer's counts of one flush for one bucket go (or went). */
  public record UnitRef(String writer, long seq, int shard, Instant bucket) {
    public UnitRef {
      if (writer.isEmpty() || writer.indexOf('/') >= 0) {
        throw new IllegalArgumentException("writer id must be non-empty without '/', got '" + writer + "'");
      }
    }

    /**
     * A row of its own: a conditional write reads the row it guards (the emulator even copies
     * it under a table lock), so a unit's row must not grow with every flush of the bucket.
     */
    String row() {
      return TrendingRows.unitRow(bucket, shard, writer, seq);
    }

    String marker() {
      return TrendingRows.unitMarker(writer, seq);
    }

    String tombstone() {
      return "x/" + writer + "/" + seq;
    }

    String encoded() {
      return writer + "/" + seq + "/" + shard + "/" + bucket.toEpochMilli();
    }
  }

  /**
   * The unit that counts a play, the attempt (per writer) that claimed it for that unit, and
   * when. The attempt tells two deliveries claiming for the same unit apart.
   */
  public record Claim(UnitRef unit, long attempt, Instant claimedAt) {
    boolean is(UnitRef otherUnit, long otherAttempt) {
      return unit.equals(otherUnit) && attempt == otherAttempt;
    }

    static String encode(UnitRef unit, long attempt) {
      return unit.encoded() + "/" + attempt;
    }

    String encoded() {
      return encode(unit, attempt);
    }

    static Claim decode(String s, Instant claimedAt) {
      String[] parts = s.split("/", -1);
      if (parts.length != 5) {
        throw new IllegalStateException("malformed trending claim '" + s + "'");
      }
      var unit = new UnitRef(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2]),
          Instant.ofEpochMilli(Long.parseLong(parts[3])));
      return new Claim(unit, Long.parseLong(parts[4]), claimedAt);
    }
  }

  /**
   * Writes a unit ({@code counts}: track id to plays) unless it was cancelled. Completes with
   * {@code true} when the unit is stored (now or by an earlier attempt), {@code false} when a
   * tombstone is there and it never will be.
   */
  public ApiFuture<Boolean> writeUnit(UnitRef unit, Map<String, Long> counts) {
    if (counts.isEmpty() || counts.size() > MAX_TRACKS_PER_UNIT) {
      throw new IllegalArgumentException("a unit holds 1.." + MAX_TRACKS_PER_UNIT + " tracks, got " + counts.size());
    }
    var cells = ShelfStore.mutation(TrendingRows.unitCells(unit.bucket(), unit.writer(), unit.seq(), counts));
    var write = ConditionalRowMutation.create(table, unit.row())
        .condition(column(unit.tombstone()))
        .otherwise(cells);
    return ApiFutures.transform(data.checkAndMutateRowAsync(write), cancelled -> !cancelled,
        MoreExecutors.directExecutor());
  }

  /**
   * Makes sure a unit is either stored or never will be: completes with {@code true} when it is
   * stored, {@code false} when it is (now) cancelled.
   */
  public ApiFuture<Boolean> cancelUnlessWritten(UnitRef unit) {
    var cancel = ConditionalRowMutation.create(table, unit.row())
        .condition(column(unit.marker()))
        .otherwise(Mutation.create().setCell(FAMILY, unit.tombstone(), micros(unit.bucket()), ""));
    return data.checkAndMutateRowAsync(cancel);
  }

  /** Whether a unit is stored. */
  public ApiFuture<Boolean> isWritten(UnitRef unit) {
    return ApiFutures.transform(data.readRowAsync(table, unit.row(), column(unit.marker())),
        row -> row != null, MoreExecutors.directExecutor());
  }

  /**
   * Claims the play {@code (userId, eventId)} for unit {@code mine} by {@code attempt}. Completes
   * empty when the play is now claimed so (also when an earlier send of this same claim was
   * stored), else with the claim that was there.
   */
  public ApiFuture<Optional<Claim>> claim(String userId, String eventId, UnitRef mine, long attempt, Instant now) {
    var claim = ConditionalRowMutation.create(table, claimRow(userId, eventId))
        .otherwise(Mutation.create().setCell(FAMILY, CLAIM_COLUMN, micros(now), Claim.encode(mine, attempt)));
    return ApiFutures.transformAsync(data.checkAndMutateRowAsync(claim), existed -> existed
            ? ApiFutures.transform(readClaim(userId, eventId), found -> found.filter(c -> !c.is(mine, attempt)),
                MoreExecutors.directExecutor())
            : ApiFutures.immediateFuture(Optional.empty()),
        MoreExecutors.directExecutor());
  }

  /**
   * Moves the claim of a play from {@code old} (whose unit is cancelled) to {@code mine}.
   * Completes empty when the play is now claimed for {@code mine}, else with the claim that is
   * there (another delivery moved it first).
   */
  public ApiFuture<Optional<Claim>> reclaim(String userId, String eventId, Claim old, UnitRef mine, long attempt,
      Instant now) {
    var move = ConditionalRowMutation.create(table, claimRow(userId, eventId))
        .condition(FILTERS.chain()
            .filter(FILTERS.family().exactMatch(FAMILY))
            .filter(FILTERS.qualifier().exactMatch(CLAIM_COLUMN))
            .filter(FILTERS.limit().cellsPerColumn(1))
            .filter(FILTERS.value().exactMatch(old.encoded())))
        .then(Mutation.create()
            .deleteCells(FAMILY, CLAIM_COLUMN)
            .setCell(FAMILY, CLAIM_COLUMN, micros(now), Claim.encode(mine, attempt)));
    return ApiFutures.transformAsync(data.checkAndMutateRowAsync(move), moved -> moved
            ? ApiFutures.immediateFuture(Optional.empty())
            : ApiFutures.transform(readClaim(userId, eventId), found -> found.filter(c -> !c.is(mine, attempt)),
                MoreExecutors.directExecutor()),
        MoreExecutors.directExecutor());
  }

  private ApiFuture<Optional<Claim>> readClaim(String userId, String eventId) {
    Filter newest = FILTERS.chain()
        .filter(FILTERS.family().exactMatch(FAMILY))
        .filter(FILTERS.qualifier().exactMatch(CLAIM_COLUMN))
        .filter(FILTERS.limit().cellsPerColumn(1));
    return ApiFutures.transform(data.readRowAsync(table, claimRow(userId, eventId), newest), row -> {
      if (row == null || row.getCells().isEmpty()) {
        return Optional.empty();
      }
      RowCell cell = row.getCells().get(0);
      return Optional.of(Claim.decode(cell.getValue().toStringUtf8(), Instant.ofEpochMilli(cell.getTimestamp() / 1000)));
    }, MoreExecutors.directExecutor());
  }

  static String claimRow(String userId, String eventId) {
    return CLAIM_PREFIX + userId + "#" + eventId;
  }

  /**
   * Adds {@code counts} (track id to plays) to one bucket as units of a writer of its own (in
   * shard 0), for bulk loads that count each play once by construction (seed). Completes when
   * all are stored.
   */
  public ApiFuture<Void> add(Instant bucketStart, Map<String, Long> counts) {
    String writer = "load-" + UUID.randomUUID().toString().substring(0, 8);
    var writes = new ArrayList<ApiFuture<Boolean>>();
    var unit = new HashMap<String, Long>();
    long seq = 0;
    for (var e : counts.entrySet()) {
      unit.put(e.getKey(), e.getValue());
      if (unit.size() == MAX_TRACKS_PER_UNIT) {
        writes.add(writeUnit(new UnitRef(writer, seq++, 0, bucketStart), Map.copyOf(unit)));
        unit.clear();
      }
    }
    if (!unit.isEmpty()) {
      writes.add(writeUnit(new UnitRef(writer, seq, 0, bucketStart), unit));
    }
    return ApiFutures.transform(ApiFutures.allAsList(writes), done -> null, MoreExecutors.directExecutor());
  }

  /**
   * Play counts per track summed over the buckets overlapping [{@code from}, {@code to}]: every
   * count cell of every shard of those buckets, in one range scan.
   */
  public Map<String, Long> counts(Instant from, Instant to) {
    var range = TrendingRows.range(from, to, bucket);
    var query = Query.create(table)
        .range(range[0], range[1])
        .filter(FILTERS.chain()
            .filter(FILTERS.family().exactMatch(FAMILY))
            .filter(FILTERS.qualifier().rangeWithinFamily(FAMILY).startClosed(TrendingRows.COUNT_START)
                .endOpen(TrendingRows.COUNT_END))
            .filter(FILTERS.limit().cellsPerColumn(1)));
    var totals = new HashMap<String, Long>();
    for (Row row : data.readRowsCallable().call(query, GrpcCallContext.createDefault().withTimeoutDuration(READ_DEADLINE))) {
      for (RowCell cell : row.getCells()) {
        TrendingRows.add(PlayStore.cell(cell), totals);
      }
    }
    return totals;
  }

  /** The track id of a count cell's qualifier {@code d/<writer>/<seq>/<track id>}. */
  static String trackOf(String qualifier) {
    return TrendingRows.trackOf(qualifier);
  }

  private Filter column(String qualifier) {
    return FILTERS.chain()
        .filter(FILTERS.family().exactMatch(FAMILY))
        .filter(FILTERS.qualifier().exactMatch(qualifier));
  }

  private static long micros(Instant t) {
    return t.toEpochMilli() * 1000;
  }
}
