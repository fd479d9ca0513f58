package dev.homeshelves.service.signals;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Users per second and this process's CPU time per user since the batch started, for the
 * progress lines of seed and backfill. The CPU is the whole JVM's (functions, Bigtable client,
 * GC), not the emulator's or Bigtable's.
 */
public final class BatchRate {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long startNanos = System.nanoTime();
  private final long startCpuNanos = OS.getProcessCpuTime();

  /** Seconds since the batch started. */
  public double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** e.g. {@code "212 users/s, 8.41 ms CPU per user"} for {@code users} done so far. */
  public String of(long users) {
    double cpuMs = (OS.getProcessCpuTime() - startCpuNanos) / 1e6;
    return String.format(Locale.ROOT, "%.0f users/s, %.2f ms CPU per user",
        users / Math.max(seconds(), 1e-3), users == 0 ? 0.0 : cpuMs / users);
  }
}
