package dev.homeshelves.embeddings.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.format.VectorFormat;
import dev.homeshelves.embeddings.index.ExactIndex;
import dev.homeshelves.embeddings.index.HnswIndex;
import dev.homeshelves.embeddings.index.HnswIndexFile;
import dev.homeshelves.embeddings.index.HnswParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The co-occurrence bound, the index chosen by catalog size and the saved HNSW graph. */
class BoundedModelTest {
  @TempDir Path dir;

  private static final HnswParams SMALL_GRAPH = new HnswParams(8, 50, 500, 1);

  private static Embeddings vectors(int n, long seed) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>();
    float[] data = new float[n * 8];
    for (int i = 0; i < n; i++) {
      ids.add("t" + i);
    }
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return Embeddings.of(ids, data, 8);
  }

  private static List<List<String>> playlists(int n, int tracks) {
    Random random = new Random(5);
    List<List<String>> out = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      List<String> list = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        list.add("t" + random.nextInt(tracks));
      }
      out.add(list);
    }
    return out;
  }

  private Path modelFiles(Embeddings vectors, ItemStats stats) throws IOException {
    Path file = dir.resolve("v.bin");
    VectorFiles.write(vectors, file, VectorFormat.BINARY);
    RecommenderModel.writeSidecars(stats, file);
    return file;
  }

  @Test
  void limitKeepsTheHeaviestFollowersOfEachItem() {
    // a is followed by b (1 + 1), c (1/2 + 1) and d (1/3): the two heaviest are b and c.
    ItemStats stats = ItemStats.of(List.of(List.of("a", "b", "c", "d"), List.of("a", "c"), List.of("a", "b")), 3);

    ItemStats bounded = stats.limitNeighbours(2);

    assertThat(stats.following("a")).containsOnlyKeys("b", "c", "d");
    assertThat(bounded.following("a").keySet()).containsExactly("b", "c");
    assertThat(bounded.following("a").get("b")).isEqualTo(2f);
    assertThat(bounded.counts()).isEqualTo(stats.counts());
  }

  @Test
  void loaderKeepsAtMostTheConfiguredFollowersPerItem() throws IOException {
    ItemStats stats = ItemStats.of(playlists(300, 60), ItemStats.DEFAULT_WINDOW);
    Path file = modelFiles(vectors(60, 1), stats);

    ItemStats read = ItemStats.readSidecars(RecommenderModel.countsFile(file), RecommenderModel.coocFile(file), 5);

    assertThat(stats.following("t1")).hasSizeGreaterThan(5);
    for (String id : read.itemsWithFollowers()) {
      assertThat(read.following(id)).hasSizeLessThanOrEqualTo(5);
      assertThat(read.following(id)).isEqualTo(stats.limitNeighbours(5).following(id));
    }
  }

  @Test
  void smallCatalogsAreScannedAndLargeOnesUseHnsw() throws IOException {
    Path file = modelFiles(vectors(200, 2), ItemStats.of(playlists(100, 200), 3));
    ModelOptions options = new ModelOptions(201, SMALL_GRAPH, 1, 50);

    RecommenderModel below = RecommenderModel.load(file, options);
    RecommenderModel above = RecommenderModel.load(file, options.withExactBelow(200));

    assertThat(below.index()).isInstanceOf(ExactIndex.class);
    assertThat(above.index()).isInstanceOf(HnswIndex.class);
    assertThat(above.loadReport().index()).contains("built at load");
    // 200 points and ef 500: the graph finds every neighbour.
    assertThat(above.similarTo("t3", 10, Set.of())).extracting(Neighbor::id)
        .containsExactlyElementsOf(below.similarTo("t3", 10, Set.of()).stream().map(Neighbor::id).toList());
  }

  @Test
  void savedGraphIsLoadedWhenItMatchesTheVectorsAndParameters() throws IOException {
    Embeddings vectors = vectors(300, 3);
    Path file = modelFiles(vectors, ItemStats.of(playlists(100, 300), 3));
    try (HnswIndex built = new HnswIndex(vectors, SMALL_GRAPH, 1)) {
      HnswIndexFile.write(built, file);
    }
    ModelOptions options = new ModelOptions(0, SMALL_GRAPH, 1, 50);

    RecommenderModel loaded = RecommenderModel.load(file, options);
    RecommenderModel otherM = RecommenderModel.load(file, new ModelOptions(0, new HnswParams(12, 50, 50, 1), 1, 50));

    assertThat(loaded.loadReport().index()).contains("loaded v.bin.hnsw");
    assertThat(otherM.loadReport().index()).contains("built at load").contains("M=8").contains("M=12");
    assertThat(loaded.similarTo("t7", 10, Set.of()))
        .containsExactlyElementsOf(otherM.withIndex(new ExactIndex(otherM.embeddings())).similarTo("t7", 10, Set.of()));
  }

  @Test
  void savedGraphOfOtherVectorsIsNotUsed() throws IOException {
    Path file = modelFiles(vectors(300, 4), ItemStats.of(playlists(100, 300), 3));
    try (HnswIndex stale = new HnswIndex(vectors(300, 5), SMALL_GRAPH, 1)) {
      HnswIndexFile.write(stale, file);
    }

    RecommenderModel model = RecommenderModel.load(file, new ModelOptions(0, SMALL_GRAPH, 1, 50));

    assertThat(Files.exists(HnswIndexFile.graphFile(file))).isTrue();
    assertThat(model.loadReport().index()).contains("built at load").contains("does not match");
  }
}
