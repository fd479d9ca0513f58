package dev.homeshelves.service.cli;

import dev.homeshelves.service.demo.DemoDataGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo dataset that {@code seed} and {@code worker} use when no data flag names one, as
 * bin/run-local does: the directory in env HOME_SHELVES_DEMO_DATA (bin/launch.sh sets it to the
 * checkout's var/demo), else var/demo under the working directory; generated on first use with
 * the settings of {@code home-shelves demo-data}, saying so in one line.
 */
final class DemoDefaults {

  /** What {@code home-shelves demo-data} writes by default (its option defaults, hence text). */
  static final String TRACKS = "2000";
  static final String PLAYLISTS = "5000";
  static final String SEED = "42";

  private DemoDefaults() {}

  /** The demo directory, with catalog.tsv and train.txt in it (generated when missing). */
  static Path ensure(String command) {
    return ensure(command, Optional.ofNullable(LocalEnv.get("HOME_SHELVES_DEMO_DATA")).map(Path::of)
        .orElse(Path.of("var", "demo")), System.out);
  }

  /** {@code dir} with the demo dataset in it, generated when missing; one line on {@code out} says which. */
  static Path ensure(String command, Path dir, java.io.PrintStream out) {
    dir = dir.toAbsolutePath().normalize();
    if (Files.isRegularFile(dir.resolve("catalog.tsv")) && Files.isRegularFile(dir.resolve("train.txt"))) {
      out.printf("%s: no data flag given: using the demo dataset in %s%n", command, dir);
    } else {
      new DemoDataGenerator(Long.parseLong(SEED)).write(dir, Integer.parseInt(TRACKS), Integer.parseInt(PLAYLISTS));
      out.printf("%s: no data flag given: generated the demo dataset into %s (as `home-shelves demo-data --out %s`)%n",
          command, dir, dir);
    }
    return dir;
  }

  /** The demo's trained vectors (bin/run-local trains them into the demo directory), if there. */
  static Optional<Path> vectors(Path demoDir) {
    Path vectors = demoDir.resolve("vectors.bin");
    return Files.isRegularFile(vectors) ? Optional.of(vectors) : Optional.empty();
  }
}
