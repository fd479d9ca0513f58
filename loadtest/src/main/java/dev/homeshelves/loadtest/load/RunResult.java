package dev.homeshelves.loadtest.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one open-loop run. Latencies are in microseconds, measured from each request's
 * intended send time, so a stalled server or generator shows up as latency instead of being
 * hidden by fewer requests (no coordinated omission).
 *
 * @param targetRate the requested arrival rate, per second
 * @param sendSeconds how long the send schedule lasted
 * @param sent requests started
 * @param answered requests that completed (OK or error) before the drain timeout
 * @param latencyMicros latency of every answered request
 * @param errorsByCode failed requests by gRPC status code name
 * @param answersByLabel successful answers by label (for GetHome, the answer's source)
 * @param maxSendLagMicros how far behind its schedule the generator ever was when sending; large
 *     values mean the generator, not the server, was short of CPU
 */
public record RunResult(
    double targetRate,
    double sendSeconds,
    long sent,
    long answered,
    Histogram latencyMicros,
    Map<String, Long> errorsByCode,
    Map<String, Long> answersByLabel,
    long maxSendLagMicros) {

  /** Requests started per second of the send window. */
  public double achievedRate() {
    return sendSeconds <= 0 ? 0 : sent / sendSeconds;
  }

  /** Requests that got no answer at all before the drain timeout. */
  public long unanswered() {
    return sent - answered;
  }

  public long errors() {
    return errorsByCode.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The latency at {@code percentile} (0..100), in milliseconds. */
  public double percentileMillis(double percentile) {
    return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  public double maxMillis() {
    return latencyMicros.getMaxValue() / 1000.0;
  }
}
