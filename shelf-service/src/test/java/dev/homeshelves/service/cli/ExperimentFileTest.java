package dev.homeshelves.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentFileTest {

  @TempDir Path dir;

  @Test
  void aValidFileIsRead() throws Exception {
    Path file = Files.writeString(dir.resolve("ok.json"),
        "{\"id\": \"x\", \"salt\": \"s\", \"allocation\": 0.5, \"variants\": [{\"name\": \"a\", \"weight\": 1}]}");

    assertThat(ExperimentFile.read(file).getVariants(0).getName()).isEqualTo("a");
  }

  @Test
  void aMissingFileSaysNoSuchFile() {
    Path file = dir.resolve("nope.json");

    assertThatThrownBy(() -> ExperimentFile.read(file)).isInstanceOf(UsageException.class)
        .hasMessage("no such file: " + file);
  }

  @Test
  void aTrailingCommaIsNamedWithLineAndColumn() throws Exception {
    Path file = Files.writeString(dir.resolve("comma.json"), String.join("\n",
        "{",
        "  \"id\": \"x\",",
        "  \"variants\": [",
        "    { \"name\": \"a\", \"weight\": 1 },",
        "  ]",
        "}"));

    assertThatThrownBy(() -> ExperimentFile.read(file)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(file + ":4:33: not valid JSON: a trailing comma")
        .hasMessageContaining("    { \"name\": \"a\", \"weight\": 1 },");
  }

  @Test
  void otherSyntaxErrorsAreNamedWithLineAndColumn() throws Exception {
    Path file = Files.writeString(dir.resolve("quote.json"), "{\n  \"id\": \"x\"\n  \"salt\": \"s\"\n}");

    assertThatThrownBy(() -> ExperimentFile.read(file)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(file + ":3:")
        .hasMessageContaining("not valid JSON")
        .hasMessageNotContaining("Exception");
  }

  @Test
  void anUnknownFieldIsNamedWithLineAndColumn() throws Exception {
    Path file = Files.writeString(dir.resolve("field.json"), "{\n  \"id\": \"x\",\n  \"alocation\": 0.5\n}");

    assertThatThrownBy(() -> ExperimentFile.read(file)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(file + ":3:3: unknown field \"alocation\" in homeshelves.v1.Experiment");
  }
}
