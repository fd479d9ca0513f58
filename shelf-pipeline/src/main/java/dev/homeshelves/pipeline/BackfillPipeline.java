package dev.homeshelves.pipeline;

import com.google.bigtable.v2.Mutation;
import com.google.bigtable.v2.Row;
import com.google.protobuf.ByteString;
import dev.homeshelves.service.store.ConfigRows;
import dev.homeshelves.service.store.ShelfRows;
import dev.homeshelves.service.store.TableLayout;
import dev.homeshelves.service.store.TrendingRows;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.extensions.protobuf.ByteStringCoder;
import org.apache.beam.sdk.extensions.protobuf.ProtoCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code bin/pipeline backfill}: recomputes the Homes of every user with plays or follows (or of
 * the users listed in a file) and the default Home with the current shelf functions, model and
 * experiment config, as {@code home-shelves backfill} does, and writes them with BigtableIO.
 *
 * <pre>
 *   ReadPlays ─┐                                   ReadConfig ──▶ side input
 *   ReadFollows┼─▶ CoGroupByKey(user) ─▶ Recompute ◀── ReadTrending ─▶ Sum ─▶ side input
 *   ReadUsers ─┘     (load context → plan → run functions → encode)   ─▶ WriteShelves
 *   DefaultHome ─────────────────────────▶ RecomputeDefaultHome ─────────────┘
 * </pre>
 */
public final class BackfillPipeline {

  /** The backfill's options. */
  public interface Options extends HomeShelvesOptions {
    @Description("File of user ids, one per line (blank lines and # comments skipped), local or gs://;"
        + " default: every user with a row in plays or follows.")
    @Default.String("")
    String getUsers();

    void setUsers(String value);
  }

  static final TupleTag<Row> PLAYS = new TupleTag<>() {};
  static final TupleTag<Row> FOLLOWS = new TupleTag<>() {};
  static final TupleTag<String> LISTED = new TupleTag<>() {};

  private BackfillPipeline() {}

  /** The pipeline; {@code now} fixes the trending window (the worker's backfill refreshes it at start). */
  public static Pipeline create(Options options, Instant now) {
    var p = Pipeline.create(options);
    var config = readConfig(p, options);
    var trending = readTrending(p, options, now);
    var recompute = new RecomputeShelves(options);

    var rows = KeyedPCollectionTuple
        .of(PLAYS, byUser(p, options, "Plays", TableLayout.PLAYS,
            BigtableRows.chain(BigtableRows.family(TableLayout.PLAYS_FAMILY), BigtableRows.newestPerColumn())))
        .and(FOLLOWS, byUser(p, options, "Follows", TableLayout.FOLLOWS, BigtableRows.newestPerColumn()));
    boolean listed = !options.getUsers().isBlank();
    if (listed) {
      rows = rows.and(LISTED, p.apply("ReadUsers", TextIO.read().from(options.getUsers()))
          .apply("UserIds", MapElements.into(TypeDescriptors.strings()).via(String::strip))
          .apply("SkipBlankAndComments", Filter.by(id -> !id.isEmpty() && !id.startsWith("#")))
          .apply("KeyUsers", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
              .via(id -> KV.of(id, id))));
    }
    var users = rows.apply("GroupByUser", CoGroupByKey.create())
        .apply("Recompute", ParDo.of(new RecomputeUsers(recompute, listed, config, trending))
            .withSideInputs(config, trending))
        .setCoder(ROW_CODER);
    var defaultHome = p.apply("DefaultHome", Create.of(ShelfRows.DEFAULT_ROW))
        .apply("RecomputeDefaultHome", ParDo.of(new RecomputeDefaultHome(recompute, config, trending))
            .withSideInputs(config, trending))
        .setCoder(ROW_CODER);
    PCollectionList.of(users).and(defaultHome)
        .apply("AllRows", Flatten.pCollections())
        .apply("WriteShelves", BigtableRows.write(options, TableLayout.SHELVES));
    return p;
  }

  static final KvCoder<ByteString, Iterable<Mutation>> ROW_CODER =
      KvCoder.of(ByteStringCoder.of(), IterableCoder.of(ProtoCoder.of(Mutation.class)));

  /** The config table's rows: row key to the newest {@code c:v} value (see {@link ConfigRows}). */
  static PCollectionView<Map<String, byte[]>> readConfig(Pipeline p, HomeShelvesOptions options) {
    return p.apply("ReadConfig", BigtableRows.read(options, TableLayout.CONFIG)
            .withRowFilter(BigtableRows.chain(BigtableRows.family(TableLayout.CONFIG_FAMILY),
                BigtableRows.qualifier(ConfigRows.COLUMN), BigtableRows.newestPerColumn())))
        .apply("ConfigValues", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(byte[].class)))
            .via(row -> KV.of(row.getKey().toStringUtf8(),
                BigtableRows.cells(row).get(0).value().toByteArray())))
        .apply("ConfigView", View.asMap());
  }

  /** Per-track play counts of the trending window ending at {@code now}, as the worker's TrendingCache sums them. */
  static PCollectionView<Map<String, Long>> readTrending(Pipeline p, HomeShelvesOptions options, Instant now) {
    var window = Durations.parse("trending-window", options.getTrendingWindow());
    var bucket = Durations.parse("trending-bucket", options.getTrendingBucket());
    var range = TrendingRows.range(now.minus(window), now, bucket);
    return p.apply("ReadTrending", BigtableRows.read(options, TableLayout.TRENDING)
            .withKeyRange(BigtableRows.range(range[0], range[1]))
            .withRowFilter(BigtableRows.chain(BigtableRows.family(TableLayout.TRENDING_FAMILY),
                BigtableRows.qualifiers(TableLayout.TRENDING_FAMILY, TrendingRows.COUNT_START, TrendingRows.COUNT_END),
                BigtableRows.newestPerColumn())))
        .apply("CountCells", FlatMapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(row -> TrendingRows.sum(BigtableRows.cells(row)).entrySet().stream()
                .map(e -> KV.of(e.getKey(), e.getValue())).toList()))
        .apply("SumPerTrack", Sum.longsPerKey())
        .apply("TrendingView", View.asMap());
  }

  private static PCollection<KV<String, Row>> byUser(Pipeline p, HomeShelvesOptions options, String name,
      String table, com.google.bigtable.v2.RowFilter filter) {
    return p.apply("Read" + name, BigtableRows.read(options, table)
            .withKeyRange(BigtableRows.prefix(ShelfRows.USER_ROW_PREFIX))
            .withRowFilter(filter))
        .apply(name + "ByUser", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Row.class)))
            .via(row -> KV.of(row.getKey().toStringUtf8().substring(ShelfRows.USER_ROW_PREFIX.length()), row)));
  }

  /** A DoFn around {@link RecomputeShelves}: its model and function pool live as long as the DoFn instance. */
  abstract static class RecomputeFn<I> extends DoFn<I, KV<ByteString, Iterable<Mutation>>> {
    final RecomputeShelves recompute;
    final PCollectionView<Map<String, byte[]>> config;
    final PCollectionView<Map<String, Long>> trending;

    RecomputeFn(RecomputeShelves recompute, PCollectionView<Map<String, byte[]>> config,
        PCollectionView<Map<String, Long>> trending) {
      this.recompute = recompute;
      this.config = config;
      this.trending = trending;
    }

    @Setup
    public void setUp() {
      recompute.setUp();
    }

    @Teardown
    public void tearDown() {
      recompute.close();
    }
  }

  /** Recomputes each grouped user (only the listed ones when a list is given). */
  static final class RecomputeUsers extends RecomputeFn<KV<String, CoGbkResult>> {
    private final boolean listedOnly;

    RecomputeUsers(RecomputeShelves recompute, boolean listedOnly, PCollectionView<Map<String, byte[]>> config,
        PCollectionView<Map<String, Long>> trending) {
      super(recompute, config, trending);
      this.listedOnly = listedOnly;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      var user = c.element().getKey();
      var grouped = c.element().getValue();
      if (listedOnly && !grouped.getAll(LISTED).iterator().hasNext()) {
        return;
      }
      var row = recompute.user(user, BigtableRows.cells(grouped.getAll(PLAYS)), BigtableRows.cells(grouped.getAll(FOLLOWS)),
          c.sideInput(config), c.sideInput(trending), Instant.now());
      if (row != null) {
        c.output(row);
      }
    }
  }

  /** Recomputes the default Home. */
  static final class RecomputeDefaultHome extends RecomputeFn<String> {
    RecomputeDefaultHome(RecomputeShelves recompute, PCollectionView<Map<String, byte[]>> config,
        PCollectionView<Map<String, Long>> trending) {
      super(recompute, config, trending);
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.output(recompute.defaultHome(c.sideInput(config), c.sideInput(trending), Instant.now()));
    }
  }
}
