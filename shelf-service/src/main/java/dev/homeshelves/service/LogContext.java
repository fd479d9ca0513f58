package dev.homeshelves.service;

import io.opentelemetry.api.trace.SpanContext;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The MDC fields that say whom a log line is about ({@value #USER_ID}, {@value #EVENT_ID}) and,
 * when tracing is on, which trace ({@value #TRACE_ID}, {@value #SPAN_ID}); with {@code
 * LOG_FORMAT=json} each line carries them under {@code mdc}. The one way the project sets them:
 *
 * <pre>{@code
 * try (var handling = LogContext.isolate()) {   // the thread's MDC is back as it was after
 *   LogContext.set(LogContext.USER_ID, userId);  // once known
 *   var entries = LogContext.capture();          // for a callback on another thread
 *   future.addListener(() -> { try (var restored = entries.restore()) { log... } }, direct);
 * }
 * }</pre>
 *
 * <p>Threads are pooled (gRPC's executor, the Pub/Sub subscriber's, Bigtable's): an entry left
 * behind would put one user's id on another call's lines, so every {@link #set} happens inside
 * a scope that undoes it. A completion callback runs on whichever thread completed the future,
 * which has no MDC of the call, hence {@link #capture}. No executor is wrapped and no work is
 * handed to another thread: a scope costs a map copy when the MDC is not empty, nothing when it
 * is.
 */
public final class LogContext {

  /** The user the line is about: the request's user id, a signal's, a recomputed user's. */
  public static final String USER_ID = "user_id";
  /** The signal's event id, while its message is handled. */
  public static final String EVENT_ID = "event_id";
  /** The trace of the call or signal being handled (32 hex digits), when tracing is on. */
  public static final String TRACE_ID = "trace_id";
  /** Its span: the call's server span, the signal's process span (16 hex digits). */
  public static final String SPAN_ID = "span_id";

  private LogContext() {}

  /** A scope whose {@link #close} puts the thread's MDC back; closing throws nothing. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Entries taken from one thread's MDC, to restore on another. */
  public static final class Captured {
    private final Map<String, String> entries;

    private Captured(Map<String, String> entries) {
      this.entries = entries;
    }

    /**
     * Makes the captured entries this thread's MDC until the scope closes, which puts back what
     * the thread had (usually nothing).
     */
    public Scope restore() {
      Map<String, String> previous = MDC.getCopyOfContextMap();
      replace(entries);
      return () -> replace(previous);
    }
  }

  /** This thread's MDC entries now. */
  public static Captured capture() {
    return new Captured(MDC.getCopyOfContextMap());
  }

  /** Everything {@link #set} on this thread until the scope closes is removed then. */
  public static Scope isolate() {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    return () -> replace(previous);
  }

  /** Sets {@code key} for the rest of the enclosing {@link #isolate} (or restored) scope. */
  public static void set(String key, String value) {
    MDC.put(key, value);
  }

  /**
   * Sets {@link #TRACE_ID} and {@link #SPAN_ID} of {@code span} for the rest of the enclosing
   * scope; nothing for an invalid span (tracing off).
   */
  public static void setSpan(SpanContext span) {
    if (span.isValid()) {
      MDC.put(TRACE_ID, span.getTraceId());
      MDC.put(SPAN_ID, span.getSpanId());
    }
  }

  private static void replace(Map<String, String> entries) {
    // Logback's adapter gives null for a thread that has no entries.
    if (entries == null || entries.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(entries);
    }
  }
}
