package dev.homeshelves.service.signals;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.RateLimiter;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.Tables;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Recomputes many users' Homes in user-id order, at most {@code rate} per second on a few
 * threads, printing progress. After each batch the checkpoint file gets the last user id done
 * (all before it are done too), so an interrupted run resumes after it.
 */
public final class Backfill {

  private static final int BATCH = 100;

  private final BigtableDataClient bigtable;
  private final ShelfRecomputer recomputer;
  private final RateLimiter rate;
  private final int threads;
  private final Path checkpoint;
  private final PrintStream progress;

  public Backfill(BigtableDataClient bigtable, ShelfRecomputer recomputer, RateLimiter rate,
      int threads, Path checkpoint, PrintStream progress) {
    this.bigtable = bigtable;
    this.recomputer = recomputer;
    this.rate = rate;
    this.threads = threads;
    this.checkpoint = checkpoint;
    this.progress = progress;
  }

  /** What a run did. */
  public record Result(int done, int failed, int skipped) {}

  /** Every user with a row in {@code plays} or {@code follows}. */
  public Result allUsers() {
    var users = new TreeSet<String>();
    for (var table : List.of(Tables.PLAYS, Tables.FOLLOWS)) {
      var query = Query.create(TableId.of(table))
          .prefix(ShelfStore.USER_ROW_PREFIX)
          .filter(FILTERS.chain().filter(FILTERS.limit().cellsPerRow(1)).filter(FILTERS.value().strip()));
      for (var row : bigtable.readRows(query)) {
        users.add(row.getKey().toStringUtf8().substring(ShelfStore.USER_ROW_PREFIX.length()));
      }
    }
    return run(new ArrayList<>(users));
  }

  /** The users listed in {@code file}, one per line (blank lines and # comments skipped), sorted. */
  public Result listed(Path file) {
    try {
      var users = new TreeSet<String>();
      for (var line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        var id = line.strip();
        if (!id.isEmpty() && !id.startsWith("#")) {
          users.add(id);
        }
      }
      return run(new ArrayList<>(users));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read user list " + file, e);
    }
  }

  private Result run(List<String> sortedUsers) {
    var after = readCheckpoint();
    var todo = after == null ? sortedUsers
        : sortedUsers.stream().filter(u -> u.compareTo(after) > 0).toList();
    int skipped = sortedUsers.size() - todo.size();
    progress.printf("backfill: %d users, %d already done (checkpoint %s), %d to go%n",
        sortedUsers.size(), skipped, checkpoint, todo.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    int done = 0;
    int failed = 0;
    long started = System.nanoTime();
    try {
      for (int from = 0; from < todo.size(); from += BATCH) {
        var batch = todo.subList(from, Math.min(todo.size(), from + BATCH));
        var completion = new ExecutorCompletionService<Boolean>(pool);
        var futures = new ArrayList<Future<Boolean>>();
        for (var user : batch) {
          rate.acquire();
          futures.add(completion.submit(() -> recomputeOne(user)));
        }
        for (int i = 0; i < futures.size(); i++) {
          if (completion.take().get()) {
            done++;
          } else {
            failed++;
          }
        }
        // Every user of the batch is finished, so all users up to its last one are done.
        writeCheckpoint(batch.get(batch.size() - 1));
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.printf("backfill: %d/%d users (%.0f%%), %.0f users/s, %d failed, last %s%n",
            done + failed, todo.size(), 100.0 * (done + failed) / todo.size(),
            (done + failed) / Math.max(seconds, 1e-3), failed, batch.get(batch.size() - 1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      progress.println("backfill: interrupted; rerun with the same --checkpoint to resume");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("backfill task failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Result(done, failed, skipped);
  }

  private boolean recomputeOne(String user) {
    try {
      recomputer.recompute(user);
      return true;
    } catch (RuntimeException e) {
      progress.printf("backfill: user %s failed: %s%n", user, e);
      return false;
    }
  }

  private String readCheckpoint() {
    try {
      if (!Files.exists(checkpoint)) {
        return null;
      }
      var text = Files.readString(checkpoint, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + checkpoint, e);
    }
  }

  private void writeCheckpoint(String lastDone) {
    try {
      // Written aside and moved, so an interruption never leaves half a checkpoint.
      var tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
      Files.writeString(tmp, lastDone + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + checkpoint, e);
    }
  }
}
