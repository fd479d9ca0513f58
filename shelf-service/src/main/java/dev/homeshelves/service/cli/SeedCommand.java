package dev.homeshelves.service.cli;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.service.demo.Dataset;
import dev.homeshelves.service.demo.DemoDataGenerator;
import dev.homeshelves.service.demo.DemoShelves;
import dev.homeshelves.service.store.ShelfStore;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code home-shelves seed}: writes demo shelves for N users and the default Home row. */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Writes demo shelves for users user-0 .. user-(N-1) and the default Home (trending, fresh finds) to Bigtable.",
      "Without --data it uses the built-in demo dataset (as `demo-data` writes it); --data reads catalog.tsv or songs.tsv and train.txt.",
      "Bigtable comes from the usual settings: GOOGLE_CLOUD_PROJECT, BIGTABLE_INSTANCE, BIGTABLE_EMULATOR_HOST."
    })
final class SeedCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "DIR", description = "Dataset directory (demo-data output or the shared data layout).")
  Path data;

  @Option(names = "--users", defaultValue = "1000", description = "Number of demo users (default: ${DEFAULT-VALUE}).")
  int users;

  @Override
  public Integer call() throws InterruptedException {
    if (users < 0) {
      System.err.println("seed: --users must not be negative, got " + users);
      return 2;
    }
    Dataset dataset;
    try {
      dataset = data == null ? new DemoDataGenerator(42).generate(2000, 5000) : Dataset.read(data);
    } catch (IllegalArgumentException e) {
      System.err.println("seed: " + e.getMessage());
      return 2;
    }
    System.out.printf("seed: %d tracks, %d playlists from %s%n",
        dataset.catalog().size(), dataset.playlists().size(), data == null ? "the built-in demo dataset" : data);
    DemoShelves shelves = new DemoShelves(dataset, Timestamps.fromMillis(System.currentTimeMillis()));
    try (ApplicationContext context = ToolContext.start()) {
      ShelfStore store = context.getBean(ShelfStore.class);
      store.writeDefaultHome(shelves.defaultHome());
      System.out.println("seed: wrote the default Home");
      int step = Math.max(1, users / 10);
      try (ShelfStore.ShelfBatch batch = store.batch()) {
        for (int n = 0; n < users; n++) {
          batch.add(DemoShelves.userId(n), shelves.forUser(n));
          if ((n + 1) % step == 0 || n + 1 == users) {
            System.out.printf("seed: %d/%d users%n", n + 1, users);
          }
        }
      }
    }
    System.out.printf("seed: done, users user-0 .. user-%d%n", users - 1);
    return 0;
  }
}
