package dev.homeshelves.service.signals;

import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.signals.SignalPipeline.Verdict;
import dev.homeshelves.service.tracing.SignalSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pub/Sub end of the {@link SignalPipeline}: hands each message's bytes to it and acts on
 * the verdict: ack, nack (Pub/Sub redelivers, then dead-letters after {@code
 * max-delivery-attempts}), or publish to the dead-letter topic with the reason and then ack.
 * Its lines, the completion callbacks' included, carry the signal's {@code event_id} and {@code
 * user_id} in the MDC once the pipeline has parsed them, and, when tracing is on, the {@code
 * trace_id} and {@code span_id} of the message's span ({@link SignalSpans}), which ends when the
 * verdict has been acted on.
 */
public final class SignalSubscriber implements MessageReceiver {

  private static final Logger LOG = LoggerFactory.getLogger(SignalSubscriber.class);

  private final SignalPipeline pipeline;
  private final DeadLetters deadLetters;
  private final WorkerMetrics metrics;
  private final SignalSpans spans;

  public SignalSubscriber(SignalPipeline pipeline, DeadLetters deadLetters, WorkerMetrics metrics, SignalSpans spans) {
    this.pipeline = pipeline;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.spans = spans;
  }

  @Override
  public void receiveMessage(PubsubMessage message, AckReplyConsumer reply) {
    metrics.received();
    // Tracing off: the invalid span, on which every call below does nothing.
    Span span = spans.start(message);
    // The pipeline sets the signal's ids in the MDC once parsed; they end with this message.
    boolean traced = span.getSpanContext().isValid();
    try (var handling = LogContext.isolate(); Scope current = traced ? span.makeCurrent() : Scope.noop()) {
      LogContext.setSpan(span.getSpanContext());
      try {
        var verdict = pipeline.handle(message.getAttributesMap().get(SignalParser.CONTENT_TYPE), message.getData(),
            traced ? SignalSpans.traceparent(span) : null);
        // The verdict may complete on a storage or trending thread, which has none of them.
        var ids = LogContext.capture();
        ApiFutures.addCallback(verdict, new ApiFutureCallback<>() {
          @Override
          public void onSuccess(Verdict v) {
            try (var restored = ids.restore()) {
              act(message, v, reply, ids, span);
            }
          }

          @Override
          public void onFailure(Throwable t) {
            try (var restored = ids.restore()) {
              LOG.error("unexpected failure handling message {}", message.getMessageId(), t);
              nack(reply, span, t);
            }
          }
        }, MoreExecutors.directExecutor());
      } catch (RuntimeException e) {
        // Never crash the subscriber: an unexpected failure is retried, then dead-lettered by
        // the subscription's dead-letter policy.
        LOG.error("unexpected failure handling message {}", message.getMessageId(), e);
        nack(reply, span, e);
      }
    }
  }

  private void act(PubsubMessage message, Verdict verdict, AckReplyConsumer reply, LogContext.Captured ids, Span span) {
    if (verdict instanceof Verdict.Ack) {
      reply.ack();
      span.setAttribute(SignalSpans.VERDICT, "ack");
      span.end();
    } else if (verdict instanceof Verdict.Nack n) {
      LOG.warn("message {} not stored, nacking for redelivery: {}", message.getMessageId(), n.cause().toString());
      nack(reply, span, n.cause());
    } else if (verdict instanceof Verdict.DeadLetter d) {
      LOG.info("dead-lettering message {}: {} ({})", message.getMessageId(), d.reason(), d.detail());
      span.setAttribute(SignalSpans.DEAD_LETTER_REASON, d.reason().attributeValue());
      ApiFutures.addCallback(deadLetters.publish(message, d.reason(), d.detail()), new ApiFutureCallback<>() {
        @Override
        public void onSuccess(String id) {
          metrics.deadLettered(d.reason());
          reply.ack();
          span.setAttribute(SignalSpans.VERDICT, "dead-letter");
          span.end();
        }

        @Override
        public void onFailure(Throwable t) {
          // On a publisher thread.
          try (var restored = ids.restore()) {
            LOG.warn("dead letter of message {} not published, nacking for redelivery: {}",
                message.getMessageId(), t.toString());
            nack(reply, span, t);
          }
        }
      }, MoreExecutors.directExecutor());
    }
  }

  private static void nack(AckReplyConsumer reply, Span span, Throwable cause) {
    reply.nack();
    span.setAttribute(SignalSpans.VERDICT, "nack");
    span.setStatus(StatusCode.ERROR, cause.toString());
    span.end();
  }
}
