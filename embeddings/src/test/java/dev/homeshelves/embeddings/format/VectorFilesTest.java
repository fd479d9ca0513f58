package dev.homeshelves.embeddings.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.embeddings.Embeddings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VectorFilesTest {
  @TempDir Path dir;

  private static Embeddings randomVectors(int n, int dim, long seed) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>();
    float[] data = new float[n * dim];
    for (int i = 0; i < n; i++) {
      ids.add(i % 3 == 0 ? "tråck-" + i : "t" + i);
    }
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian() * (i % 7 == 0 ? 1e-7f : 1f);
    }
    return Embeddings.of(ids, data, dim);
  }

  @ParameterizedTest
  @EnumSource(VectorFormat.class)
  void roundTripKeepsEveryIdAndEveryBit(VectorFormat format) throws IOException {
    Embeddings original = randomVectors(50, 7, 1);
    Path file = dir.resolve("v." + format);
    VectorFiles.write(original, file, format);

    Embeddings read = VectorFiles.read(file);

    assertThat(VectorFiles.detect(file)).isEqualTo(format);
    assertThat(read.size()).isEqualTo(50);
    assertThat(read.dim()).isEqualTo(7);
    for (int i = 0; i < 50; i++) {
      assertThat(read.id(i)).isEqualTo(original.id(i));
    }
    assertThat(read.rawData()).containsExactly(original.rawData());
  }

  @ParameterizedTest
  @EnumSource(VectorFormat.class)
  void readsWhatGensimWrote(VectorFormat format) throws Exception {
    Path file = resource(format == VectorFormat.TEXT ? "gensim/tiny.txt" : "gensim/tiny.bin");
    List<String> expected = Files.readAllLines(resource("gensim/tiny.expected.tsv"), StandardCharsets.UTF_8);

    Embeddings read = VectorFiles.read(file);

    assertThat(VectorFiles.detect(file)).isEqualTo(format);
    assertThat(read.size()).isEqualTo(expected.size()).isEqualTo(6);
    assertThat(read.dim()).isEqualTo(8);
    for (int row = 0; row < expected.size(); row++) {
      String[] parts = expected.get(row).split("\t");
      float[] values = new float[8];
      String[] numbers = parts[1].split(" ");
      for (int d = 0; d < 8; d++) {
        values[d] = (float) Double.parseDouble(numbers[d]);
      }
      assertThat(read.id(row)).isEqualTo(parts[0]);
      assertThat(read.vector(parts[0])).containsExactly(values);
    }
    assertThat(read.contains("é")).isTrue();
  }

  @Test
  void truncatedTextFileIsRejectedNamingTheLastLine() throws IOException {
    Path file = write("3 2\na 1 2\nb 3 4\n");

    assertThatThrownBy(() -> VectorFiles.read(file))
        .isInstanceOf(VectorFileException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("file ends after 2 vectors, the header announces 3");
  }

  @Test
  void textLineWithMissingValueIsRejectedNamingTheLine() throws IOException {
    Path file = write("3 2\na 1 2\nb 3\nc 5 6\n");

    assertThatThrownBy(() -> VectorFiles.read(file))
        .isInstanceOf(VectorFileException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("expected an id and 2 values, found 1");
  }

  @Test
  void textValueThatIsNotANumberIsRejectedNamingLineAndValue() throws IOException {
    Path file = write("2 2\na 1 2\nb 3 x4\n");

    assertThatThrownBy(() -> VectorFiles.read(file))
        .isInstanceOf(VectorFileException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("'x4'");
  }

  @Test
  void moreTextVectorsThanAnnouncedAreRejected() throws IOException {
    Path file = write("1 2\na 1 2\nb 3 4\n");

    assertThatThrownBy(() -> VectorFiles.read(file))
        .isInstanceOf(VectorFileException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("more vectors than the 1");
  }

  @Test
  void duplicateIdIsRejected() throws IOException {
    Path file = write("2 2\na 1 2\na 3 4\n");

    assertThatThrownBy(() -> VectorFiles.read(file))
        .isInstanceOf(VectorFileException.class)
        .hasMessageContaining("duplicate id 'a'");
  }

  @Test
  void badHeaderIsRejectedNamingLineOne() throws IOException {
    Path file = write("two 2\na 1 2\n");

    assertThatThrownBy(() -> VectorFiles.read(file))
        .isInstanceOf(VectorFileException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("header");
  }

  @Test
  void truncatedBinaryFileIsRejectedNamingTheRecord() throws IOException {
    Path file = dir.resolve("v.bin");
    VectorFiles.write(randomVectors(10, 4, 2), file, VectorFormat.BINARY);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 9));

    assertThatThrownBy(() -> VectorFiles.read(file))
        .isInstanceOf(VectorFileException.class)
        .hasMessageContaining("record 10")
        .hasMessageContaining("file ends after 8 of 16 vector bytes");
  }

  @Test
  void binaryFileMissingRecordsIsRejected() throws IOException {
    Path file = dir.resolve("v.bin");
    VectorFiles.write(randomVectors(3, 4, 3), file, VectorFormat.BINARY);
    byte[] bytes = Files.readAllBytes(file);
    byte[] patched = new String(bytes, StandardCharsets.ISO_8859_1)
        .replaceFirst("^3 4", "5 4").getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, patched);

    assertThatThrownBy(() -> VectorFiles.read(file))
        .isInstanceOf(VectorFileException.class)
        .hasMessageContaining("record 4")
        .hasMessageContaining("the header announces 5 records");
  }

  @Test
  void emptyFileIsRejected() throws IOException {
    Path file = write("");

    assertThatThrownBy(() -> VectorFiles.read(file))
        .isInstanceOf(VectorFileException.class)
        .hasMessageContaining("empty");
  }

  private Path write(String content) throws IOException {
    Path file = dir.resolve("v.txt");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(VectorFilesTest.class.getClassLoader().getResource(name).toURI());
  }
}
