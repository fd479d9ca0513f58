package dev.homeshelves.loadtest.load;

import java.util.function.Consumer;

/**
 * One kind of request the open-loop generator sends. {@link #start} must not block: it starts
 * the call and returns, and the call reports its outcome to {@code done} exactly once, on any
 * thread.
 */
@FunctionalInterface
public interface AsyncRequest {

  /** Starts request number {@code sequence} (0, 1, 2, ... in send order). */
  void start(long sequence, Consumer<Outcome> done);
}
