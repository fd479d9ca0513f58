package dev.homeshelves.embeddings.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.format.VectorFiles;
import dev.homeshelves.embeddings.format.VectorFormat;
import dev.homeshelves.embeddings.recommend.ItemStats;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class EmbeddingsCliTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = EmbeddingsCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path playlists(String name, int count, long seed) throws Exception {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      int group = random.nextInt(3);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        line.append(i == 0 ? "" : " ").append("g").append(group).append('_').append(random.nextInt(5));
      }
      lines.add(line.toString());
    }
    Path file = dir.resolve(name);
    Files.write(file, lines);
    return file;
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "neighbors", "evaluate", "convert", "bench", "scale-data", "index", "bench-recompute"})
  void everyCommandHasHelp(String command) {
    assertThat(run(command, "--help")).isZero();
    assertThat(out.toString()).contains("Usage: embeddings " + command);
  }

  @Test
  void trainWritesVectorsAndSidecarsThatEvaluateAndConvertRead() throws Exception {
    Path train = playlists("train.txt", 300, 1);
    Path test = playlists("test.txt", 30, 2);
    Path vectors = dir.resolve("out/v.txt");

    int trained = run("train", "--input", train.toString(), "--output", vectors.toString(),
        "--format", "text", "--dim", "8", "--window", "3", "--negative", "5", "--ns-exponent", "-0.5",
        "--min-count", "1", "--sample", "1e-3", "--alpha", "0.025", "--min-alpha", "0.0001",
        "--epochs", "2", "--threads", "1", "--seed", "3");

    assertThat(trained).isZero();
    assertThat(VectorFiles.detect(vectors)).isEqualTo(VectorFormat.TEXT);
    assertThat(VectorFiles.read(vectors).size()).isEqualTo(15);
    assertThat(dir.resolve("out/v.txt.counts.tsv")).exists();
    assertThat(dir.resolve("out/v.txt.cooc.tsv")).exists();

    assertThat(run("evaluate", "--vectors", vectors.toString(), "--train", train.toString(),
        "--test", test.toString())).isZero();
    assertThat(out.toString()).contains("cosine").contains("recommender").contains("popularity");

    Path binary = dir.resolve("v.bin");
    assertThat(run("convert", vectors.toString(), binary.toString(), "--format", "binary")).isZero();
    Embeddings a = VectorFiles.read(vectors);
    Embeddings b = VectorFiles.read(binary);
    assertThat(b.rawData()).containsExactly(a.rawData());
  }

  @Test
  void badFlagValueIsReportedNotThrown() throws Exception {
    Path train = playlists("train.txt", 10, 1);

    int code = run("train", "--input", train.toString(), "--output", dir.resolve("v").toString(),
        "--window", "0");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("window must be > 0");
  }

  @Test
  void scaleDataIsDeterministicAndEveryCommandRunsOnIt() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");

    assertThat(run("scale-data", "--tracks", "3000", "--dim", "16", "--out", a.toString())).isZero();
    assertThat(run("scale-data", "--tracks", "3000", "--dim", "16", "--out", b.toString())).isZero();

    for (String f : List.of("songs.tsv", "vectors.bin", "vectors.bin.counts.tsv", "vectors.bin.cooc.tsv")) {
      assertThat(Files.readAllBytes(a.resolve(f))).as(f).isEqualTo(Files.readAllBytes(b.resolve(f)));
    }
    assertThat(out.toString()).contains("vectors.bin.cooc.tsv").contains("total");
    List<String> songs = Files.readAllLines(a.resolve("songs.tsv"));
    assertThat(songs).hasSize(3001);
    assertThat(songs.get(0)).isEqualTo("id\ttitle\tartist\tgenre");
    assertThat(songs.get(1).split("\t")).hasSize(4);
    Path vectors = a.resolve("vectors.bin");
    assertThat(VectorFiles.read(vectors).size()).isEqualTo(3000);
    ItemStats stats = ItemStats.readSidecars(RecommenderModel.countsFile(vectors), RecommenderModel.coocFile(vectors));
    for (String id : stats.itemsWithFollowers()) {
      assertThat(stats.following(id)).hasSizeLessThanOrEqualTo(ItemStats.DEFAULT_NEIGHBOURS);
    }

    assertThat(run("index", vectors.toString(), "--m", "8", "--ef-construction", "40", "--threads", "1")).isZero();
    assertThat(a.resolve("vectors.bin.hnsw")).exists();
    assertThat(a.resolve("vectors.bin.hnsw.meta")).exists();

    int bench = run("bench-recompute", "--vectors", vectors.toString(), "--catalog", a.resolve("songs.tsv").toString(),
        "--exact-below", "1000", "--m", "8", "--ef-construction", "40", "--users", "20", "--warmup", "5",
        "--recall-users", "20");
    assertThat(bench).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("loaded in")
        .contains("HNSW, loaded vectors.bin.hnsw")
        .contains("heap after loading")
        .contains("recompute CPU per user")
        .contains("recall@10 made-for-you")
        .contains("recall@10 more-like-artist");
  }

  @Test
  void evaluateWithHnswAndNeighbourBoundsSweeps() throws Exception {
    Path train = playlists("train.txt", 300, 1);
    Path test = playlists("test.txt", 30, 2);
    Path vectors = dir.resolve("v.bin");
    assertThat(run("train", "--input", train.toString(), "--output", vectors.toString(), "--dim", "8",
        "--min-count", "1", "--epochs", "1", "--threads", "1")).isZero();

    int code = run("evaluate", "--vectors", vectors.toString(), "--train", train.toString(), "--test", test.toString(),
        "--index", "hnsw", "--m", "8", "--ef-construction", "20", "--cooccurrence-neighbours", "2,50");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("recommender neighbours 2 ").contains("recommender neighbours 50 ")
        .contains("index hnsw M 8 ef_construction 20");
    assertThat(run("evaluate", "--vectors", vectors.toString(), "--train", train.toString(), "--test", test.toString(),
        "--index", "annoy")).isNotZero();
    assertThat(err.toString()).contains("--index must be exact or hnsw");
  }
}
