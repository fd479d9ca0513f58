package dev.homeshelves.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/** Keeps only severe java.util.logging messages of grpc-java and the Google clients. */
public final class QuietJavaUtilLogging {
  private QuietJavaUtilLogging() {}

  /**
   * grpc-java and the Google clients log through java.util.logging, not SLF4J. Under overload
   * grpc logs a stack trace for every call its peer cancelled ("Stream closed before write"),
   * which costs more CPU than the calls themselves and turns a slow server into a stalled one.
   * Call once at the start of a main method.
   */
  public static void install() {
    String config = ".level=WARNING\nio.grpc.level=SEVERE\ncom.google.level=WARNING\n"
        + "handlers=java.util.logging.ConsoleHandler\n";
    try {
      LogManager.getLogManager().readConfiguration(
          new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
