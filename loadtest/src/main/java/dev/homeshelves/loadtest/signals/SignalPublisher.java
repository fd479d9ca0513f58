package dev.homeshelves.loadtest.signals;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.loadtest.load.AsyncRequest;
import dev.homeshelves.loadtest.load.Outcome;
import java.util.function.Consumer;

/**
 * Publishes one signal per request (binary protobuf, as apps do) and reports when Pub/Sub has
 * accepted it; signals of probed users are handed to the freshness probe once accepted.
 */
public final class SignalPublisher implements AsyncRequest {
  private final Publisher publisher;
  private final SignalMix mix;
  private final FreshnessProbe probe;

  /** @param probe the freshness probe, or null to measure publishing only */
  public SignalPublisher(Publisher publisher, SignalMix mix, FreshnessProbe probe) {
    this.publisher = publisher;
    this.mix = mix;
    this.probe = probe;
  }

  @Override
  public void start(long sequence, Consumer<Outcome> done) {
    UserSignal signal = mix.next(sequence);
    ApiFuture<String> accepted = publisher.publish(
        PubsubMessage.newBuilder().setData(signal.toByteString()).build());
    ApiFutures.addCallback(accepted, new ApiFutureCallback<>() {
      @Override
      public void onSuccess(String messageId) {
        if (probe != null && probe.probes(signal.getUserId())) {
          probe.published(signal.getUserId(), signal.getOccurredAt());
        }
        done.accept(Outcome.ok("PUBLISHED"));
      }

      @Override
      public void onFailure(Throwable error) {
        done.accept(Outcome.failed(error));
      }
    }, MoreExecutors.directExecutor());
  }
}
