package dev.homeshelves.service.tracing;

import com.google.cloud.pubsub.v1.Subscriber;
import com.google.pubsub.v1.PubsubMessage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * The CONSUMER span of one signal's message, {@code process <topic>}, from its receipt until
 * its verdict is acted on (acked once what it changes is durable, nacked, or dead-lettered).
 * A message whose attributes carry a trace context (W3C {@code traceparent}, put there by the
 * publisher) gets a span that is the child of the publisher's and also links to it, as
 * OpenTelemetry's messaging conventions suggest; one without starts a trace of its own.
 */
public final class SignalSpans {

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> SUBSCRIPTION = AttributeKey.stringKey("messaging.destination.subscription.name");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<Long> DELIVERY_ATTEMPT =
      AttributeKey.longKey("messaging.gcp_pubsub.message.delivery_attempt");
  /** What the worker did with the message: {@code ack}, {@code nack} or {@code dead-letter}. */
  public static final AttributeKey<String> VERDICT = AttributeKey.stringKey("homeshelves.signal.verdict");
  /** Why a message was dead-lettered ({@code invalid-signal}, {@code malformed-protobuf}, ...). */
  public static final AttributeKey<String> DEAD_LETTER_REASON =
      AttributeKey.stringKey("homeshelves.signal.dead_letter_reason");

  static final TextMapGetter<Map<String, String>> ATTRIBUTES = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  static final String TRACEPARENT = "traceparent";

  private final Tracing tracing;
  private final String name;
  private final String topic;
  private final String subscription;

  public SignalSpans(Tracing tracing, String topic, String subscription) {
    this.tracing = tracing;
    this.name = "process " + topic;
    this.topic = topic;
    this.subscription = subscription;
  }

  /** The message's started span; {@link Span#getInvalid()}, which records nothing, when tracing is off. */
  public Span start(PubsubMessage message) {
    if (!tracing.on()) {
      return Span.getInvalid();
    }
    Context publisher = tracing.propagator().extract(Context.root(), message.getAttributesMap(), ATTRIBUTES);
    SpanBuilder span = tracing.tracer().spanBuilder(name)
        .setParent(publisher)
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute(SYSTEM, "gcp_pubsub")
        .setAttribute(OPERATION, "process")
        .setAttribute(DESTINATION, topic)
        .setAttribute(SUBSCRIPTION, subscription)
        .setAttribute(MESSAGE_ID, message.getMessageId());
    SpanContext creation = Span.fromContext(publisher).getSpanContext();
    if (creation.isValid()) {
      span.addLink(creation);
    }
    Integer attempt = Subscriber.getDeliveryAttempt(message);
    if (attempt != null) {
      span.setAttribute(DELIVERY_ATTEMPT, attempt.longValue());
    }
    return span.startSpan();
  }

  /**
   * The W3C {@code traceparent} of a message's span, which the signal's owed mark carries to the
   * recompute that includes it ({@link RecomputeSpans}); null for the invalid span.
   */
  public static String traceparent(Span span) {
    if (!span.getSpanContext().isValid()) {
      return null;
    }
    var carrier = new HashMap<String, String>(4);
    W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }
}
