package dev.homeshelves.service.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.service.testing.ApplicationYml;
import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;

/** The switch: off by default with no SDK and no spans; an exporter named builds the SDK. */
class TracingTest {

  @Test
  void offByDefault() {
    assertThat(ApplicationYml.load().defaultOf("home-shelves.tracing.exporter")).contains("none");
    assertThat(Tracing.forExporter("none")).isSameAs(Tracing.off());
    assertThat(Tracing.forExporter(" ")).isSameAs(Tracing.off());
  }

  @Test
  void offMakesOnlyInvalidSpans() {
    Tracing off = Tracing.off();
    Span span = off.tracer().spanBuilder("x").startSpan();

    assertThat(off.on()).isFalse();
    assertThat(span.getSpanContext().isValid()).isFalse();
    assertThat(span.isRecording()).isFalse();
  }

  @Test
  void otlpBuildsTheSdkThatRecordsSpans() {
    try (Tracing otlp = Tracing.forExporter("otlp")) {
      Span span = otlp.tracer().spanBuilder("x").startSpan();

      assertThat(otlp.on()).isTrue();
      assertThat(span.getSpanContext().isValid()).isTrue();
      assertThat(span.isRecording()).isTrue();
      assertThat(otlp.propagator().fields()).contains("traceparent");
      // Not ended: nothing to export to the collector that is not there.
    }
  }
}
