package dev.homeshelves.loadtest.load;

/** What the generator reports once a second while it runs. */
public record Progress(
    double elapsedSeconds, long sent, long answered, long errors, double answeredPerSecond,
    double intervalP99Millis, long inFlight) {

  /** One human-readable line, e.g. for stderr. */
  public String line() {
    return String.format(
        "  %5.1fs  sent %,9d  answered %,9d  %,8.0f/s  p99(1s) %8.2f ms  errors %,d  in flight %,d",
        elapsedSeconds, sent, answered, answeredPerSecond, intervalP99Millis, errors, inFlight);
  }
}
