package dev.homeshelves.shelves;

import java.time.Duration;
import java.time.Instant;

/** Durations as card reasons say them: "3 hours ago", "the last 28 days". */
public final class HumanTime {
  private HumanTime() {}

  /** How long before {@code now} {@code then} was: "just now", "5 minutes ago", "2 days ago". */
  public static String ago(Instant then, Instant now) {
    Duration d = Duration.between(then, now);
    if (d.toMinutes() < 1) {
      return "just now";
    }
    return amount(d) + " ago";
  }

  /** A window as "the last 28 days", "the last hour". */
  public static String lastWindow(Duration window) {
    String a = amount(window);
    return "the last " + (a.startsWith("1 ") ? a.substring(2) : a);
  }

  private static String amount(Duration d) {
    if (d.toDays() >= 1) {
      return plural(d.toDays(), "day");
    }
    if (d.toHours() >= 1) {
      return plural(d.toHours(), "hour");
    }
    if (d.toMinutes() >= 1) {
      return plural(d.toMinutes(), "minute");
    }
    return plural(Math.max(0, d.toSeconds()), "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
