package dev.homeshelves.service.testing;

import com.google.cloud.bigtable.emulator.v2.Emulator;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the bundled Bigtable emulator (from Maven Central's google-cloud-bigtable-emulator) on
 * 127.0.0.1:PORT until the process is stopped; bin/run-local uses it when no cbtemulator is
 * installed. Usage: {@code BigtableEmulatorMain PORT}.
 */
public final class BigtableEmulatorMain {

  private BigtableEmulatorMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].matches("\\d{1,5}")) {
      System.err.println("usage: BigtableEmulatorMain PORT");
      System.exit(2);
    }
    Emulator emulator = Emulator.createBundled();
    emulator.start(Integer.parseInt(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::stop));
    System.out.println("Bigtable emulator running on 127.0.0.1:" + emulator.getPort());
    new CountDownLatch(1).await();
  }
}
