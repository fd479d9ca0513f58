package dev.homeshelves.service.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * The process's tracer, or none (docs/operations.md, "Traces"). Off unless {@code
 * home-shelves.tracing.exporter} ({@code OTEL_TRACES_EXPORTER}) names an exporter: then the
 * OpenTelemetry SDK is built from the standard {@code OTEL_*} variables by its autoconfigure
 * module. Off, no SDK exists and the traced code checks {@link #on} before it touches a span,
 * so a call or a signal costs one branch and allocates nothing for tracing.
 */
public final class Tracing implements AutoCloseable {

  private static final String SCOPE = "dev.homeshelves.service";
  private static final Tracing OFF = new Tracing(OpenTelemetry.noop(), false, null);

  private final OpenTelemetry telemetry;
  private final Tracer tracer;
  private final boolean on;
  private final OpenTelemetrySdk owned;

  private Tracing(OpenTelemetry telemetry, boolean on, OpenTelemetrySdk owned) {
    this.telemetry = telemetry;
    this.tracer = telemetry.getTracer(SCOPE);
    this.on = on;
    this.owned = owned;
  }

  /** No tracing. */
  public static Tracing off() {
    return OFF;
  }

  /** Traces through {@code telemetry}, which the caller keeps and closes (a test's in-memory SDK). */
  public static Tracing through(OpenTelemetry telemetry) {
    return new Tracing(telemetry, true, null);
  }

  /**
   * Off for {@code none} (the default); otherwise the SDK from the {@code OTEL_*} env vars and
   * system properties, which win over what is given here: this exporter, service name {@code
   * home-shelves}, OTLP over HTTP (the one sender on the class path), and no metrics or logs
   * exporter (metrics are Prometheus', logs go to stdout).
   */
  static Tracing forExporter(String exporter) {
    if (exporter == null || exporter.isBlank() || exporter.trim().equals("none")) {
      return OFF;
    }
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> Map.of(
            "otel.traces.exporter", exporter.trim(),
            "otel.service.name", "home-shelves",
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none"))
        // Micronaut closes this bean on shutdown, after the servers stop: spans still in the
        // batch are exported then, not in a JVM hook racing the application's own shutdown.
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    return new Tracing(sdk, true, sdk);
  }

  /** Whether spans are recorded; false means every tracing step is skipped. */
  public boolean on() {
    return on;
  }

  public Tracer tracer() {
    return tracer;
  }

  /** Reads and writes the trace context of a call's metadata or a message's attributes ({@code traceparent}). */
  public TextMapPropagator propagator() {
    return telemetry.getPropagators().getTextMapPropagator();
  }

  /** Exports what is left and stops the SDK this built; nothing for {@link #off} or {@link #through}. */
  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
