package dev.homeshelves.embeddings.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.NeighborIndex;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.format.VectorFormat;
import dev.homeshelves.embeddings.index.ExactIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommenderModelTest {
  @TempDir Path dir;

  private static Embeddings vectors(int n) {
    Random random = new Random(3);
    List<String> ids = new ArrayList<>();
    float[] data = new float[n * 4];
    for (int i = 0; i < n; i++) {
      ids.add("t" + i);
    }
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return Embeddings.of(ids, data, 4);
  }

  private static final List<List<String>> PLAYLISTS = List.of(
      List.of("t0", "t1", "t2", "t3"),
      List.of("t0", "t1", "t4"),
      List.of("t5", "t0", "t1"),
      List.of("t6", "t7", "t8", "t9", "t6", "t7"));

  @Test
  void neverReturnsSeedsOrExcludedItems() {
    RecommenderModel model = RecommenderModel.of(vectors(40), ItemStats.of(PLAYLISTS, 3));
    Map<String, Double> seeds = Map.of("t0", 1.0, "t6", 0.5);
    Set<String> exclude = Set.of("t1", "t7", "t20");

    List<Neighbor> result = model.recommend(seeds, 38, exclude);

    assertThat(result).extracting(Neighbor::id)
        .doesNotContainAnyElementsOf(seeds.keySet())
        .doesNotContainAnyElementsOf(exclude)
        .doesNotHaveDuplicates()
        .hasSize(40 - 2 - 3);
  }

  @Test
  void theItemThatMostOftenFollowsTheSeedComesFirst() {
    float[] same = new float[40 * 4];
    java.util.Arrays.fill(same, 1f);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add("t" + i);
    }
    // Equal vectors: only the counts can tell the items apart.
    RecommenderModel model = RecommenderModel.of(Embeddings.of(ids, same, 4), ItemStats.of(PLAYLISTS, 3));

    List<Neighbor> result = model.similarTo("t0", 5, Set.of());

    assertThat(result.get(0).id()).isEqualTo("t1");
  }

  @Test
  void theExactScanPicksAndScoresTheCandidatesTheIndexWould() {
    // 300 items, fewer candidates than items: the nearest are selected, not all taken.
    Embeddings vectors = vectors(300);
    ItemStats stats = ItemStats.of(PLAYLISTS, 3);
    Scoring scoring = new Scoring(0.1, 0.5, 0.5, 40);
    RecommenderModel scanned = RecommenderModel.of(new ExactIndex(vectors), stats, scoring);
    ExactIndex exact = new ExactIndex(vectors);
    // The same index behind another type: the model asks it for the nearest, as for HNSW.
    NeighborIndex asked = new NeighborIndex() {
      @Override
      public Embeddings embeddings() {
        return vectors;
      }

      @Override
      public List<Neighbor> nearest(float[] query, int k, Set<String> exclude) {
        return exact.nearest(query, k, exclude);
      }
    };
    RecommenderModel viaIndex = RecommenderModel.of(asked, stats, scoring);
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      Map<String, Double> seeds = new java.util.HashMap<>();
      for (int i = 0; i < 1 + random.nextInt(8); i++) {
        seeds.put("t" + random.nextInt(300), 0.1 + random.nextDouble());
      }
      Set<String> exclude = Set.of("t" + random.nextInt(300), "t" + random.nextInt(300));

      assertThat(scanned.recommend(seeds, 30, exclude)).extracting(Neighbor::id)
          .containsExactlyElementsOf(viaIndex.recommend(seeds, 30, exclude).stream().map(Neighbor::id).toList());
    }
  }

  @Test
  void cosineOnlyScoringRanksLikeExactSearch() {
    Embeddings vectors = vectors(40);
    RecommenderModel model = RecommenderModel.of(new ExactIndex(vectors), ItemStats.of(PLAYLISTS, 3), Scoring.cosineOnly());

    List<Neighbor> result = model.similarTo("t3", 10, Set.of());

    assertThat(result).extracting(Neighbor::id).containsExactlyElementsOf(
        new ExactIndex(vectors).nearestTo("t3", 10, Set.of()).stream().map(Neighbor::id).toList());
  }

  @Test
  void unknownSeedsGiveNothing() {
    RecommenderModel model = RecommenderModel.of(vectors(10), ItemStats.of(PLAYLISTS, 3));

    assertThat(model.recommend(Map.of("nope", 1.0), 5, Set.of())).isEmpty();
  }

  @Test
  void loadFindsTheSidecarsWrittenNextToTheVectors() throws IOException {
    Embeddings vectors = vectors(12);
    ItemStats stats = ItemStats.of(PLAYLISTS, 3);
    Path file = dir.resolve("model.bin");
    VectorFiles.write(vectors, file, VectorFormat.BINARY);
    RecommenderModel.writeSidecars(stats, file);

    RecommenderModel loaded = RecommenderModel.load(file);

    assertThat(Files.exists(dir.resolve("model.bin.counts.tsv"))).isTrue();
    assertThat(Files.exists(dir.resolve("model.bin.cooc.tsv"))).isTrue();
    assertThat(loaded.similarTo("t0", 11, Set.of()))
        .containsExactlyElementsOf(RecommenderModel.of(vectors, stats).similarTo("t0", 11, Set.of()));
  }

  @Test
  void missingSidecarIsNamedInTheError() throws IOException {
    Path file = dir.resolve("alone.txt");
    VectorFiles.write(vectors(3), file, VectorFormat.TEXT);

    assertThatThrownBy(() -> RecommenderModel.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("alone.txt.counts.tsv")
        .hasMessageContaining("missing");
  }

  @Test
  void malformedSidecarLineIsNamed() throws IOException {
    Path file = dir.resolve("m.txt");
    VectorFiles.write(vectors(3), file, VectorFormat.TEXT);
    RecommenderModel.writeSidecars(ItemStats.of(PLAYLISTS, 3), file);
    Files.writeString(RecommenderModel.countsFile(file), "id\tcount\nt0\t3\nt1\tmany\n");

    assertThatThrownBy(() -> RecommenderModel.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("'many'");
  }

  @Test
  void coOccurrenceWeighsCloserFollowersMore() {
    ItemStats stats = ItemStats.of(List.of(List.of("a", "b", "c", "d", "e")), 3);

    assertThat(stats.following("a")).containsOnlyKeys("b", "c", "d");
    assertThat(stats.following("a").get("b")).isEqualTo(1f);
    assertThat(stats.following("a").get("c")).isEqualTo(0.5f);
    assertThat(stats.count("c")).isEqualTo(1);
  }

  @Test
  void defaultWindowReachesTwelvePositionsAhead() {
    List<String> playlist = new ArrayList<>();
    for (int i = 0; i <= 13; i++) {
      playlist.add("p" + i);
    }
    ItemStats stats = ItemStats.of(List.of(playlist), ItemStats.DEFAULT_WINDOW);

    assertThat(stats.following("p0")).containsKey("p12").doesNotContainKey("p13");
    assertThat(stats.following("p0").get("p12")).isEqualTo(1f / 12);
  }
}
