package dev.homeshelves.embeddings.train;

import java.time.Duration;

/**
 * A snapshot of a training run, reported about once a second and once at the end.
 *
 * @param epoch the epoch in progress, 1-based
 * @param epochs all epochs of the run
 * @param fraction share of all work done, 0..1
 * @param itemsPerSecond vocabulary items processed per second so far (before sub-sampling)
 * @param alpha the current learning rate
 * @param elapsed time since training started
 * @param eta estimated time left
 */
public record TrainingProgress(
    int epoch, int epochs, double fraction, double itemsPerSecond, double alpha,
    Duration elapsed, Duration eta) {

  /** One human-readable line, e.g. for stderr. */
  public String describe() {
    return String.format(
        "epoch %d/%d  %5.1f%%  %,.0f items/s  alpha %.5f  elapsed %ds  ETA %ds",
        epoch, epochs, fraction * 100, itemsPerSecond, alpha, elapsed.toSeconds(), eta.toSeconds());
  }
}
