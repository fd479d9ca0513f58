package dev.homeshelves.loadtest.bench;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.recommend.ItemStats;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import dev.homeshelves.shelves.ComputedShelf;
import dev.homeshelves.shelves.RegisteredShelf;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfFunctions;
import dev.homeshelves.shelves.Trending;
import dev.homeshelves.shelves.catalog.Catalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each built-in shelf function (discovered as the worker discovers them) on one user's context:
 * a catalog, word2vec-like vectors with co-occurrence statistics, the user's play history,
 * followed artists and trending counts. One recompute of a user runs all of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShelfFunctionBench {

  @Param({"recently-played", "because-you-listened", "made-for-you", "heavy-rotation",
      "more-like-artist", "trending-now"})
  public String shelf;

  /** Tracks in the catalog. */
  @Param({"10000"})
  public int tracks;

  /** Counted plays in the user's history. */
  @Param({"200"})
  public int plays;

  private RegisteredShelf function;
  private ShelfContext context;

  @Setup(Level.Trial)
  public void setUp() {
    function = ShelfFunctions.discover().get(shelf).orElseThrow(() ->
        new IllegalArgumentException("no shelf function '" + shelf + "'; known: "
            + ShelfFunctions.discover().ids()));
    BenchData data = new BenchData(tracks, 11);
    Catalog catalog = data.catalog();
    Embeddings embeddings = data.embeddings(64);
    ItemStats stats = ItemStats.of(data.playlists(2000), ItemStats.DEFAULT_WINDOW);
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    List<String> followed = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      followed.add(catalog.track(Integer.toString(i * 13)).orElseThrow().artistId());
    }
    context = ShelfContext.builder()
        .userId("user-0")
        .now(now)
        .plays(data.plays(plays, now))
        .followedArtists(followed)
        .catalog(catalog)
        .recommender(RecommenderModel.of(embeddings, stats))
        .trending(new Trending(Duration.ofHours(1), data.trending(100)))
        .build();
    if (function.compute(context).isEmpty()) {
      throw new IllegalStateException(shelf + " computes nothing on the benchmark context");
    }
  }

  @Benchmark
  public Optional<ComputedShelf> compute() {
    return function.compute(context);
  }
}
