package dev.homeshelves.service.signals;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a task for each item of a stream on a fixed pool, with at most {@code threads * 4} items
 * taken from the stream and not yet finished, and reports finished items in stream order. So a
 * batch job over 10⁷ users holds a few dozen of them at a time, and "every user up to X is done"
 * (a resumable checkpoint) is known without remembering which later ones finished early.
 */
public final class OrderedParallel {

  /** Called for each finished item, in stream order, with how many items have finished so far. */
  public interface Finished<T> {
    void finished(T item, long count);
  }

  private final int threads;

  public OrderedParallel(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
  }

  /**
   * Runs {@code task} for every item; returns how many finished. The first task that throws
   * stops the run (items not yet started are not run) and is rethrown as its cause.
   */
  public <T> long forEach(Iterator<T> items, Consumer<T> task, Finished<T> finished)
      throws InterruptedException, ExecutionException {
    record Started<T>(T item, Future<?> future) {}
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      var started = new ArrayDeque<Started<T>>();
      long count = 0;
      while (items.hasNext() || !started.isEmpty()) {
        if (items.hasNext() && started.size() < threads * 4) {
          T item = items.next();
          started.add(new Started<>(item, pool.submit(() -> task.accept(item))));
          if (!started.peek().future().isDone()) {
            continue;
          }
        }
        // The oldest item is the next to report; waiting for it keeps the order.
        var oldest = started.poll();
        oldest.future().get();
        finished.finished(oldest.item(), ++count);
      }
      return count;
    } finally {
      pool.shutdownNow();
    }
  }
}
