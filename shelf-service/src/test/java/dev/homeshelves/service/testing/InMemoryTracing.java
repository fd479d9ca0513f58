package dev.homeshelves.service.testing;

import static org.awaitility.Awaitility.await;

import dev.homeshelves.service.tracing.Tracing;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Tracing on, into memory: an OpenTelemetry SDK that keeps every ended span (exported at once,
 * as it ends) and reads and writes W3C {@code traceparent}, for a test to give the application
 * as its {@link Tracing}. Close it at the end of the test class.
 */
public final class InMemoryTracing implements AutoCloseable {

  /** A caller's trace and span, as a client or publisher would send them. */
  public static final String CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  public static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
  public static final String TRACEPARENT = "00-" + CALLER_TRACE_ID + "-" + CALLER_SPAN_ID + "-01";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final Tracing tracing = Tracing.through(sdk);

  public Tracing tracing() {
    return tracing;
  }

  /** The spans ended so far. */
  public List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  /** The first span named {@code name} that matches {@code which}, once it has ended. */
  public SpanData awaitSpan(String name, Predicate<SpanData> which) {
    return await().atMost(Duration.ofSeconds(30)).until(
        () -> spans().stream().filter(s -> s.getName().equals(name) && which.test(s)).findFirst().orElse(null),
        Objects::nonNull);
  }

  /** The ended spans of the trace {@code traceId}. */
  public List<SpanData> trace(String traceId) {
    return spans().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
