package dev.homeshelves.loadtest.load;

import java.util.Map;

/**
 * The figures of one run, in milliseconds, as printed and as written with {@code --json}.
 *
 * @param name what was loaded ("home", "echo")
 * @param maxSendLagMs how far the generator ever fell behind its schedule; latencies already
 *     include it, a large value says the generator's machine was saturated
 */
public record RunSummary(
    String name,
    double targetRate,
    double achievedRate,
    double durationSeconds,
    long sent,
    long answered,
    long errors,
    long unanswered,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    Map<String, Long> errorsByCode,
    Map<String, Long> answersBySource,
    double maxSendLagMs) {

  public static RunSummary of(String name, RunResult r) {
    return new RunSummary(
        name,
        r.targetRate(),
        round(r.achievedRate(), 1),
        round(r.sendSeconds(), 2),
        r.sent(),
        r.answered(),
        r.errors(),
        r.unanswered(),
        round(r.percentileMillis(50), 3),
        round(r.percentileMillis(90), 3),
        round(r.percentileMillis(99), 3),
        round(r.percentileMillis(99.9), 3),
        round(r.maxMillis(), 3),
        r.errorsByCode(),
        r.answersByLabel(),
        round(r.maxSendLagMicros() / 1000.0, 3));
  }

  /** True when every request was answered without error. */
  public boolean clean() {
    return errors == 0 && unanswered == 0;
  }

  /** A few human-readable lines. */
  public String text() {
    return String.format(
        "%s: target %,.0f/s, achieved %,.1f/s over %.1f s; sent %,d, answered %,d, errors %,d,"
            + " unanswered %,d%n"
            + "  latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f"
            + "  (generator max lag %.3f ms)%n"
            + "  answers by source: %s%n"
            + "  errors by status:  %s%n",
        name, targetRate, achievedRate, durationSeconds, sent, answered, errors, unanswered,
        p50Ms, p90Ms, p99Ms, p999Ms, maxMs, maxSendLagMs,
        answersBySource.isEmpty() ? "-" : answersBySource,
        errorsByCode.isEmpty() ? "-" : errorsByCode);
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
