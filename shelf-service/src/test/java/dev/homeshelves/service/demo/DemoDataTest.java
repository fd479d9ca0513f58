package dev.homeshelves.service.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.UserSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {

  @TempDir Path dir;

  @Test
  void sameSeedWritesIdenticalFiles() throws Exception {
    new DemoDataGenerator(7).write(dir.resolve("a"), 200, 300);
    new DemoDataGenerator(7).write(dir.resolve("b"), 200, 300);

    for (String file : List.of("catalog.tsv", "train.txt", "test.txt")) {
      assertThat(Files.readString(dir.resolve("a").resolve(file))).isEqualTo(Files.readString(dir.resolve("b").resolve(file)));
    }
    assertThat(Files.readString(dir.resolve("a/catalog.tsv"))).startsWith("id\ttitle\tartist\n");
  }

  @Test
  void writtenFilesReadBackInTheSharedLayout() {
    Dataset written = new DemoDataGenerator(1).write(dir, 200, 300);

    Dataset read = Dataset.read(dir);

    assertThat(read.catalog()).isEqualTo(written.catalog());
    // Every tenth playlist went to test.txt.
    assertThat(read.playlists()).hasSize(270);
  }

  @Test
  void playlistsMostlyStayWithinOneGenre() {
    Dataset dataset = new DemoDataGenerator(3).generate(800, 500);
    // Track i belongs to genre i % 8 (ids are assigned round-robin over the genres).
    Function<String, Integer> genre = id -> Integer.parseInt(id) % 8;

    double dominantShare =
        dataset.playlists().stream()
            .mapToDouble(p -> {
              Map<Integer, Long> counts = p.stream().collect(Collectors.groupingBy(genre, Collectors.counting()));
              return (double) counts.values().stream().mapToLong(Long::longValue).max().orElseThrow() / p.size();
            })
            .average()
            .orElseThrow();

    // Uniformly random tracks would give about 0.3 for these lengths.
    assertThat(dominantShare).isGreaterThan(0.75);
  }

  @Test
  void readsSongsTsvWithEscapedSlashes() throws Exception {
    Files.writeString(dir.resolve("songs.tsv"), "id\ttitle\tartist\n0\tTime (w\\/ Swizz)\tGucci\n1\tB\tRick\n");
    Files.writeString(dir.resolve("train.txt"), "0 1\n1\n");

    Dataset dataset = Dataset.read(dir);

    assertThat(dataset.catalog().get("0").title()).isEqualTo("Time (w/ Swizz)");
    assertThat(dataset.playlists()).containsExactly(List.of("0", "1"), List.of("1"));
  }

  @Test
  void unknownTrackInPlaylistIsReportedWithFileAndLine() throws Exception {
    Files.writeString(dir.resolve("catalog.tsv"), "id\ttitle\tartist\n0\tA\tX\n");
    Files.writeString(dir.resolve("train.txt"), "0\n0 99\n");

    assertThatThrownBy(() -> Dataset.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("train.txt:2")
        .hasMessageContaining("'99'");
  }

  @Test
  void malformedCatalogLineIsReportedWithLine() throws Exception {
    Files.writeString(dir.resolve("catalog.tsv"), "id\ttitle\tartist\n0\tonly two\n");
    Files.writeString(dir.resolve("train.txt"), "0\n");

    assertThatThrownBy(() -> Dataset.read(dir)).hasMessageContaining("catalog.tsv:2").hasMessageContaining("3 tab-separated");
  }

  @Test
  void demoListeningPlaysTheUsersPlaylistDeterministicallyBeforeNow() {
    Dataset dataset = new DemoDataGenerator(5).generate(400, 200);
    DemoListening listening = new DemoListening(dataset);
    Instant now = Instant.parse("2026-11-24T12:00:00Z");

    List<UserSignal> plays = listening.plays(3, now);

    assertThat(plays).isNotEmpty().isEqualTo(listening.plays(3, now));
    assertThat(plays).extracting(UserSignal::getItemId).allMatch(dataset.playlists().get(3)::contains);
    assertThat(plays).extracting(UserSignal::getEventId).doesNotHaveDuplicates().allMatch(id -> id.startsWith("seed-user-3-"));
    assertThat(plays).allMatch(p -> p.getMsPlayed() >= 30_000 && Timestamps.toMillis(p.getOccurredAt()) < now.toEpochMilli());
    assertThat(Timestamps.toMillis(plays.get(plays.size() - 1).getOccurredAt())).isGreaterThan(now.minusSeconds(3600).toEpochMilli());
  }
}
