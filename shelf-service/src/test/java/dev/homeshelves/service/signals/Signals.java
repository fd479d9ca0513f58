package dev.homeshelves.service.signals;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Builds and publishes signals in tests. */
final class Signals {

  private Signals() {}

  static UserSignal play(String user, String track, Instant at) {
    return signal(SignalKind.PLAY, user, track, at).toBuilder().setMsPlayed(180_000).build();
  }

  static UserSignal signal(SignalKind kind, String user, String item, Instant at) {
    return UserSignal.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setUserId(user)
        .setKind(kind)
        .setItemId(item)
        .setOccurredAt(timestamp(at))
        .build();
  }

  static Timestamp timestamp(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }

  static PubsubMessage binary(UserSignal s) {
    return PubsubMessage.newBuilder().setData(s.toByteString()).build();
  }

  static PubsubMessage json(String json) {
    return PubsubMessage.newBuilder()
        .setData(ByteString.copyFromUtf8(json))
        .putAttributes(SignalParser.CONTENT_TYPE, SignalParser.JSON)
        .build();
  }

  /** Publishes all messages and waits until Pub/Sub has every one. */
  static void publishAll(Publisher publisher, List<PubsubMessage> messages) {
    var futures = new ArrayList<ApiFuture<String>>(messages.size());
    for (var m : messages) {
      futures.add(publisher.publish(m));
    }
    try {
      ApiFutures.allAsList(futures).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("publishing failed", e);
    }
  }
}
