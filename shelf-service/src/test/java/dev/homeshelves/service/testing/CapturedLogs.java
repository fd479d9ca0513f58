package dev.homeshelves.service.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The events one logger writes while this is open, each with the MDC it had on the thread that
 * logged it. Attach with try-with-resources; closing detaches and puts the level back.
 */
public final class CapturedLogs implements AutoCloseable {

  private final Logger logger;
  private final Level level;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent event) {
      // Logback reads an event's MDC lazily, on whichever thread asks first; take it now, on the
      // logging thread, as an encoder would.
      event.prepareForDeferredProcessing();
      super.append(event);
    }
  };

  private CapturedLogs(Class<?> loggerOf, Level level) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerOf);
    this.level = logger.getLevel();
    logger.setLevel(level);
    appender.start();
    logger.addAppender(appender);
  }

  /** Captures what {@code loggerOf}'s logger writes at {@code level} and above. */
  public static CapturedLogs of(Class<?> loggerOf, Level level) {
    return new CapturedLogs(loggerOf, level);
  }

  /** The events so far whose formatted message starts with {@code prefix}. */
  public List<ILoggingEvent> startingWith(String prefix) {
    synchronized (appender) {
      return appender.list.stream().filter(e -> e.getFormattedMessage().startsWith(prefix)).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(level);
    appender.stop();
  }
}
