package dev.homeshelves.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.FunctionOverride;
import dev.homeshelves.api.v1.KillSwitch;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.api.v1.Variant;
import dev.homeshelves.service.store.Cell;
import dev.homeshelves.service.store.ConfigRows;
import dev.homeshelves.service.store.FollowRows;
import dev.homeshelves.service.store.ShelfRows;
import dev.homeshelves.service.store.TableLayout;
import dev.homeshelves.shelves.catalog.SongsTsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's backfill on the DirectRunner writes the same Homes as {@code home-shelves
 * backfill} for the same users: demo data seeded by {@code home-shelves seed}, a follow-only
 * user, a kill switch and an experiment in the config table; both backfills run against one
 * Bigtable emulator, and what the service would serve after each is compared.
 */
class BackfillEquivalenceTest {

  @RegisterExtension static final BigtableEmulator BIGTABLE = new BigtableEmulator();

  @TempDir Path dir;

  @Test
  void pipelineBackfillWritesTheHomesTheInProcessBackfillWrites() throws Exception {
    var env = BIGTABLE.env();
    var data = dir.resolve("demo");
    Launchers.run(env, dir.resolve("demo-data.log"), "home-shelves", "demo-data", "--out", data.toString());
    var vectors = dir.resolve("vectors.bin");
    Launchers.run(env, dir.resolve("train.log"), "embeddings", "train", "--input", data.resolve("train.txt").toString(),
        "--output", vectors.toString(), "--format", "binary", "--dim", "16", "--window", "3", "--epochs", "3",
        "--min-count", "2", "--threads", "2", "--seed", "1");
    Launchers.run(env, dir.resolve("seed.log"), "home-shelves", "seed", "--data", data.toString(), "--users", "25",
        "--vectors", vectors.toString());
    var catalog = data.resolve("catalog.tsv");
    followOnlyUser(catalog);
    killAndExperiment();

    Launchers.run(env, dir.resolve("backfill.log"), "home-shelves", "backfill", "--catalog", catalog.toString(),
        "--vectors", vectors.toString(), "--checkpoint", dir.resolve("checkpoint").toString());
    var inProcess = ServedHomes.read(BIGTABLE.data());

    var args = new ArrayList<>(List.of(BIGTABLE.options()));
    args.addAll(List.of("--catalog=" + catalog, "--vectors=" + vectors));
    var options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation()
        .as(BackfillPipeline.Options.class);
    var result = BackfillPipeline.create(options, Instant.now()).run();
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    var pipeline = ServedHomes.read(BIGTABLE.data());

    // The in-process backfill did real work: every seeded user plus the follow-only one, the
    // default Home, the experiment's variant applied and the killed function left out.
    assertThat(inProcess).containsKeys(ShelfRows.DEFAULT_ROW, ShelfRows.userRow("user-0"),
        ShelfRows.userRow("user-24"), ShelfRows.userRow("follow-only"));
    var shelves = inProcess.values().stream().flatMap(List::stream).toList();
    assertThat(shelves).extracting(Shelf::getId).contains("recently-played", "because-you-listened", "trending-now")
        .doesNotContain("heavy-rotation");
    assertThat(shelves).filteredOn(s -> s.getId().equals("recently-played"))
        .allSatisfy(s -> {
          assertThat(s.getVariant()).isEqualTo("smaller-recent/small");
          assertThat(s.getItemsCount()).isLessThanOrEqualTo(3);
        });
    assertThat(inProcess.get(ShelfRows.userRow("follow-only"))).extracting(Shelf::getId).contains("more-like-artist");
    // And the pipeline wrote exactly that (both written out for a diff when it did not).
    var out = Files.createDirectories(Path.of("target", "backfill-equivalence"));
    Files.writeString(out.resolve("in-process.txt"), inProcess.toString());
    Files.writeString(out.resolve("pipeline.txt"), pipeline.toString());
    assertThat(ServedHomes.withoutScores(pipeline)).isEqualTo(ServedHomes.withoutScores(inProcess));
    assertThat(ServedHomes.scores(pipeline)).usingElementComparator(ServedHomes::closeEnough)
        .containsExactlyElementsOf(ServedHomes.scores(inProcess));
    assertThat(PipelineMain.counter(result, "users-recomputed")).isEqualTo(inProcess.size() - 1);
  }

  /** A user with a followed artist and no plays: only the follows table knows them. */
  private void followOnlyUser(Path catalogFile) throws Exception {
    String artist;
    try (var reader = Files.newBufferedReader(catalogFile, StandardCharsets.UTF_8)) {
      artist = SongsTsv.read(reader).artists().iterator().next().id();
    }
    var follow = UserSignal.newBuilder().setEventId("f-1").setUserId("follow-only").setKind(SignalKind.FOLLOW_ARTIST)
        .setItemId(artist).setOccurredAt(Timestamps.fromMillis(System.currentTimeMillis() - 60_000)).build();
    write(TableLayout.FOLLOWS, ShelfRows.userRow("follow-only"), FollowRows.cell(follow));
  }

  /** heavy-rotation killed; everyone in an experiment that shrinks recently-played to 3 cards. */
  private void killAndExperiment() {
    var kill = KillSwitch.newBuilder().setFunctionId("heavy-rotation").setKilled(true).setReason("test").build();
    var experiment = Experiment.newBuilder().setId("smaller-recent").setSalt("s1").setAllocation(1.0)
        .addVariants(Variant.newBuilder().setName("small").setWeight(1)
            .putFunctions("recently-played", FunctionOverride.newBuilder().putParams("size", "3").build()))
        .build();
    long now = System.currentTimeMillis() * 1000;
    write(TableLayout.CONFIG, ConfigRows.KILL_PREFIX + "heavy-rotation",
        new Cell(TableLayout.CONFIG_FAMILY, ConfigRows.COLUMN, now, kill.toByteString()));
    write(TableLayout.CONFIG, ConfigRows.EXPERIMENT_PREFIX + "smaller-recent",
        new Cell(TableLayout.CONFIG_FAMILY, ConfigRows.COLUMN, now, experiment.toByteString()));
  }

  private static void write(String table, String rowKey, Cell... cells) {
    var mutation = RowMutation.create(TableId.of(table), rowKey);
    Stream.of(cells).forEach(c -> mutation.setCell(c.family(), c.qualifier(), c.timestampMicros(), c.value()));
    BIGTABLE.data().mutateRow(mutation);
  }
}
