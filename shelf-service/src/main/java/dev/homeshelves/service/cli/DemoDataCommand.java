package dev.homeshelves.service.cli;

import dev.homeshelves.service.demo.Dataset;
import dev.homeshelves.service.demo.DemoDataGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code home-shelves demo-data}: writes the deterministic demo catalog and playlists. */
@Command(
    name = "demo-data",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a deterministic demo dataset into DIR: catalog.tsv (id<TAB>title<TAB>artist, with a header),",
      "train.txt and test.txt (one playlist per line, track ids separated by spaces; every tenth playlist is in test.txt).",
      "Tracks belong to genres with their own artists and title words; playlists mostly stay in one genre."
    })
final class DemoDataCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write (created if missing).")
  Path out;

  @Option(names = "--tracks", defaultValue = DemoDefaults.TRACKS, description = "Tracks in the catalog (default: ${DEFAULT-VALUE}).")
  int tracks;

  @Option(names = "--playlists", defaultValue = DemoDefaults.PLAYLISTS, description = "Playlists to generate (default: ${DEFAULT-VALUE}).")
  int playlists;

  @Option(names = "--seed", defaultValue = DemoDefaults.SEED, description = "Random seed; the same seed gives the same files (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (tracks < 10 || playlists < 10) {
      System.err.println("demo-data: --tracks and --playlists must be at least 10");
      return 2;
    }
    Dataset dataset = new DemoDataGenerator(seed).write(out, tracks, playlists);
    System.out.printf(
        "demo-data: wrote %d tracks and %d playlists to %s (catalog.tsv, train.txt, test.txt)%n",
        dataset.catalog().size(), dataset.playlists().size(), out);
    return 0;
  }
}
