package dev.homeshelves.service.tracing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The span of one recompute round, {@value #NAME}: from loading its users' context (leases held) to
 * their shelves written (a round recomputes up to {@code recompute-batch} users together). It
 * starts a trace of its own, linked to the {@code process} span of every signal it includes
 * that this replica handled recently: a signal's trace leads on to the shelf write that made
 * it visible, after the ack and the debounce. A signal stored by another replica, or longer ago
 * than {@link #REMEMBERED}, is included without a link.
 */
public final class RecomputeSpans {

  /** The span's name. */
  public static final String NAME = "recompute";
  static final AttributeKey<Long> USERS = AttributeKey.longKey("homeshelves.recompute.users");
  static final AttributeKey<Long> SIGNALS = AttributeKey.longKey("homeshelves.recompute.signals");
  /** Users of the round whose recompute failed (they stay owed and are retried). */
  public static final AttributeKey<Long> FAILED = AttributeKey.longKey("homeshelves.recompute.failed");
  /** How long a signal's span is remembered for the link: longer than any debounce and backoff but the parked. */
  static final Duration REMEMBERED = Duration.ofMinutes(10);
  private static final int MAX_REMEMBERED = 100_000;

  private final Tracing tracing;
  // Event id -> the span of its signal; only filled when tracing is on.
  private final Cache<String, SpanContext> signals;

  public RecomputeSpans(Tracing tracing) {
    this.tracing = tracing;
    this.signals = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).expireAfterWrite(REMEMBERED).build();
  }

  /** The signal {@code eventId} was handled in {@code span}: a recompute that includes it links to it. */
  public void remember(String eventId, SpanContext span) {
    if (tracing.on() && eventId != null && span.isValid()) {
      signals.put(eventId, span);
    }
  }

  /**
   * The round's started span, for {@code users} owing the signals {@code owed} gives (asked only
   * when tracing is on); the invalid span, which records nothing, when it is off.
   */
  public Span start(int users, Supplier<? extends Collection<String>> owed) {
    if (!tracing.on()) {
      return Span.getInvalid();
    }
    Collection<String> eventIds = owed.get();
    SpanBuilder span = tracing.tracer().spanBuilder(NAME)
        .setNoParent()
        .setAttribute(USERS, (long) users)
        .setAttribute(SIGNALS, (long) eventIds.size());
    for (String eventId : eventIds) {
      SpanContext signal = signals.getIfPresent(eventId);
      if (signal != null) {
        span.addLink(signal);
      }
    }
    return span.startSpan();
  }
}
