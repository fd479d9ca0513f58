package dev.homeshelves.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.service.demo.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDefaultsTest {

  @TempDir Path dir;

  @Test
  void theDemoDatasetIsGeneratedOnFirstUseSayingWhereThenReused() throws Exception {
    Path demo = dir.resolve("var/demo");
    var out = new ByteArrayOutputStream();

    Path first = DemoDefaults.ensure("seed", demo, new PrintStream(out, true, StandardCharsets.UTF_8));
    long written = Files.getLastModifiedTime(demo.resolve("catalog.tsv")).toMillis();
    Path second = DemoDefaults.ensure("seed", demo, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(first).isEqualTo(second).isEqualTo(demo.toAbsolutePath());
    assertThat(Dataset.read(first).catalog()).hasSize(Integer.parseInt(DemoDefaults.TRACKS));
    assertThat(Files.getLastModifiedTime(demo.resolve("catalog.tsv")).toMillis()).isEqualTo(written);
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "seed: no data flag given: generated the demo dataset into " + first + " (as `home-shelves demo-data --out " + first + "`)",
        "seed: no data flag given: using the demo dataset in " + first);
  }
}
