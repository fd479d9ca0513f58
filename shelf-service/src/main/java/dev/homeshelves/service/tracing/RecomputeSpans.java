package dev.homeshelves.service.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The span of one recompute round, {@value #NAME}: from loading its users' context (leases held) to
 * their shelves written (a round recomputes up to {@code recompute-batch} users together). It
 * starts a trace of its own, linked to the {@code process} span of every signal it includes:
 * a signal's trace leads on to the shelf write that made it visible, after the ack and the
 * debounce. The link comes from the signal's owed mark in Bigtable, which carries the span's
 * {@code traceparent} ({@link SignalSpans#traceparent}), so it holds whichever replica handled
 * the signal and whichever recomputes it, a sweep after a crash included.
 */
public final class RecomputeSpans {

  /** The span's name. */
  public static final String NAME = "recompute";
  static final AttributeKey<Long> USERS = AttributeKey.longKey("homeshelves.recompute.users");
  /** Owed signals the round includes. */
  public static final AttributeKey<Long> SIGNALS = AttributeKey.longKey("homeshelves.recompute.signals");
  /** Users of the round whose recompute failed (they stay owed and are retried). */
  public static final AttributeKey<Long> FAILED = AttributeKey.longKey("homeshelves.recompute.failed");

  private final Tracing tracing;

  public RecomputeSpans(Tracing tracing) {
    this.tracing = tracing;
  }

  /**
   * The round's started span, for {@code users} owing {@code signals} signals, linked to the
   * spans whose trace contexts {@code traceparents} gives (asked only when tracing is on); the
   * invalid span, which records nothing, when it is off.
   */
  public Span start(int users, int signals, Supplier<? extends Collection<String>> traceparents) {
    if (!tracing.on()) {
      return Span.getInvalid();
    }
    SpanBuilder span = tracing.tracer().spanBuilder(NAME)
        .setNoParent()
        .setAttribute(USERS, (long) users)
        .setAttribute(SIGNALS, (long) signals);
    for (String traceparent : traceparents.get()) {
      SpanContext signal = Span.fromContext(W3CTraceContextPropagator.getInstance().extract(
          Context.root(), Map.of(SignalSpans.TRACEPARENT, traceparent), SignalSpans.ATTRIBUTES)).getSpanContext();
      // A mark written by hand or by another version may carry anything: it is skipped, not linked.
      if (signal.isValid()) {
        span.addLink(signal);
      }
    }
    return span.startSpan();
  }
}
