package dev.homeshelves.service.signals;

import static com.google.cloud.bigtable.data.v2.models.Filters.FILTERS;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Range.ByteStringRange;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.collect.Iterators;
import com.google.common.collect.PeekingIterator;
import com.google.common.util.concurrent.RateLimiter;
import com.google.protobuf.ByteString;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.store.Tables;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recomputes many users' Homes in row-key order (user ids as UTF-8 bytes), at most {@code rate}
 * per second on a few threads, printing progress. Users are streamed from Bigtable, not listed
 * first, so memory does not grow with the number of users. After every {@value #BATCH} users the
 * checkpoint file gets the last user id done (all before it are done too), so an interrupted run
 * resumes after it, and reads only the rows after it.
 */
public final class Backfill {

  private static final int BATCH = 100;

  /** The order of the rows, and so of the checkpoint: user ids compared as UTF-8 bytes. */
  static final Comparator<String> ROW_ORDER = Comparator.comparing(ByteString::copyFromUtf8,
      ByteString.unsignedLexicographicalComparator());

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

  /**
   * What a run did: users recomputed, users whose recompute failed, and whether it got to the
   * end (false when reading the users failed or it was interrupted: rerun to resume).
   */
  public record Result(long done, long failed, boolean complete) {}

  /** Every user with a row in {@code plays} or {@code follows}, after the checkpoint. */
  public Result allUsers() {
    var after = readCheckpoint();
    progress.printf("backfill: every user in %s and %s, %s%n", Tables.PLAYS, Tables.FOLLOWS, resuming(after));
    return run(distinct(Iterators.mergeSorted(
        List.of(userIds(Tables.PLAYS, after), userIds(Tables.FOLLOWS, after)), ROW_ORDER)));
  }

  /** The users listed in {@code file}, one per line (blank lines and # comments skipped), after the checkpoint. */
  public Result listed(Path file) {
    var users = new TreeSet<String>(ROW_ORDER);
    try {
      for (var line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        var id = line.strip();
        if (!id.isEmpty() && !id.startsWith("#")) {
          users.add(id);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read user list " + file, e);
    }
    var after = readCheckpoint();
    var todo = after == null ? users : users.tailSet(after, false);
    progress.printf("backfill: %d users listed in %s, %d to go, %s%n", users.size(), file, todo.size(), resuming(after));
    return run(todo.iterator());
  }

  private String resuming(String after) {
    return after == null ? "starting from the first (no checkpoint at " + checkpoint + ")"
        : "resuming after " + after + " (checkpoint " + checkpoint + ")";
  }

  private Result run(Iterator<String> users) {
    var failed = new AtomicLong();
    var lastDone = new String[1];
    var batchRate = new BatchRate();
    long finished = 0;
    boolean complete = false;
    try {
      finished = new OrderedParallel(threads).forEach(rateLimited(users), user -> {
        if (!recomputeOne(user)) {
          failed.incrementAndGet();
        }
      }, (user, count) -> {
        lastDone[0] = user;
        if (count % BATCH == 0) {
          // Every user up to this one is finished, in row order.
          writeCheckpoint(user);
          progress.printf("backfill: %d users, %s, %d failed, last %s%n", count, batchRate.of(count), failed.get(), user);
        }
      });
      if (lastDone[0] != null) {
        writeCheckpoint(lastDone[0]);
      }
      complete = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      progress.println("backfill: interrupted; rerun with the same --checkpoint to resume");
    } catch (ApiException e) {
      // The stream of user ids broke (Bigtable unavailable for longer than the client retries).
      progress.printf("backfill: reading the users from Bigtable failed: %s; rerun with the same --checkpoint to resume%n",
          e.getMessage());
    } catch (ExecutionException e) {
      throw new IllegalStateException("backfill task failed", e.getCause());
    }
    progress.printf("backfill: %d users in %.1f s, %s, %d failed%n", finished, batchRate.seconds(),
        batchRate.of(finished), failed.get());
    return new Result(finished - failed.get(), failed.get(), complete);
  }

  /** {@code users}, where taking the next one waits for the rate limiter. */
  private Iterator<String> rateLimited(Iterator<String> users) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return users.hasNext();
      }

      @Override
      public String next() {
        rate.acquire();
        return users.next();
      }
    };
  }

  /** The user ids of {@code table}'s user rows after {@code after} (all when null), in row order, streamed. */
  private Iterator<String> userIds(String table, String after) {
    var range = ByteStringRange.prefix(ShelfStore.USER_ROW_PREFIX);
    if (after != null) {
      range.startOpen(ShelfStore.userRow(after));
    }
    var query = Query.create(TableId.of(table))
        .range(range)
        .filter(FILTERS.chain().filter(FILTERS.limit().cellsPerRow(1)).filter(FILTERS.value().strip()));
    return Iterators.transform(bigtable.readRows(query).iterator(),
        row -> row.getKey().toStringUtf8().substring(ShelfStore.USER_ROW_PREFIX.length()));
  }

  /** {@code sorted} without repeats (a user with plays and follows comes from both tables). */
  private static Iterator<String> distinct(Iterator<String> sorted) {
    PeekingIterator<String> in = Iterators.peekingIterator(sorted);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public String next() {
        if (!in.hasNext()) {
          throw new NoSuchElementException();
        }
        String user = in.next();
        while (in.hasNext() && in.peek().equals(user)) {
          in.next();
        }
        return user;
      }
    };
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
