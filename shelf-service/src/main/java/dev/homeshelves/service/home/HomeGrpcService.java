package dev.homeshelves.service.home;

import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.Shelf;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.homeshelves.service.GrpcErrorMapping;
import dev.homeshelves.service.InvalidArgumentException;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.experiments.HomeExperiments;
import dev.homeshelves.shelves.home.HomeAssembler;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Bean;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * {@code homeshelves.v1.HomeService}: validates the request, reads the Home through {@link
 * HomeReader}, applies experiments and kill switches, and assembles the answer with {@link
 * HomeAssembler} (each card once, on the highest shelf; shelves left thinner than {@code
 * home-shelves.home.min-items-per-shelf} dropped; the requested limits), without provenance
 * (that is for explain).
 *
 * <p>It never blocks: the handler runs on the server's network thread
 * ({@code GrpcServerExecutor}), starts the read and returns; the answer is built and
 * sent where the read completes (the Bigtable client's network thread), or at once when the
 * Home comes from memory. Registered behind {@link dev.homeshelves.service.GrpcCallChain};
 * errors become statuses in {@link dev.homeshelves.service.GrpcErrorMapping}, those of the
 * read's callback through the same mapping.
 */
@Singleton
@Bean(typed = HomeGrpcService.class)
@Requires(property = "home-shelves.serve.enabled", notEquals = "false")
public final class HomeGrpcService extends HomeServiceGrpc.HomeServiceImplBase {

  private final HomeRequestValidator validator;
  private final HomeReader reader;
  private final HomeMetrics metrics;
  private final HomeExperiments experiments;
  private final Clock clock;
  private final int minItemsPerShelf;

  public HomeGrpcService(HomeRequestValidator validator, HomeReader reader, HomeMetrics metrics,
      HomeExperiments experiments, Clock clock, HomeSettings settings) {
    this.validator = validator;
    this.reader = reader;
    this.metrics = metrics;
    this.experiments = experiments;
    this.clock = clock;
    this.minItemsPerShelf = settings.minItemsPerShelf();
  }

  @Override
  public void getHome(GetHomeRequest request, StreamObserver<GetHomeResponse> responses) {
    // A client that gave up (its deadline passed) is normal under load. Without a cancel
    // handler grpc-java throws from onNext on a cancelled call, and every such call would be
    // logged as an unexpected error with a stack trace.
    ServerCallStreamObserver<GetHomeResponse> call = (ServerCallStreamObserver<GetHomeResponse>) responses;
    call.setOnCancelHandler(metrics::cancelled);
    // Under overload, requests wait behind others on the network thread; one whose client has
    // already given up (deadline passed) is dropped before its Bigtable read. Without this an
    // overloaded service spent its CPU on answers nobody waited for and never caught up (load
    // test at 2,000/s). The call's Context sees the deadline and a client's cancel at once.
    // It is counted by the cancel handler above, which grpc-java still runs for it.
    if (Context.current().isCancelled()) {
      return;
    }
    Timer.Sample sample = Timer.start();
    HomeRequest valid;
    try {
      valid = validator.validate(request);
    } catch (InvalidArgumentException e) {
      metrics.invalidRequest(e.field());
      throw e;
    }
    // For every line logged while this call is handled (the fallback's, an unexpected error's);
    // GrpcErrorMapping's scope removes it when the call's callback returns, and the read's
    // callback restores it on the thread that completes the read.
    LogContext.set(LogContext.USER_ID, valid.userId());
    LogContext.Captured logContext = LogContext.capture();
    ApiFutures.addCallback(reader.readAsync(valid.userId()), new ApiFutureCallback<>() {
      @Override
      public void onSuccess(Home home) {
        try (var restored = logContext.restore()) {
          answer(call, valid, home);
          metrics.answered(home.source());
          sample.stop(metrics.latency());
        } catch (RuntimeException e) {
          fail(call, e);
        }
      }

      @Override
      public void onFailure(Throwable t) {
        try (var restored = logContext.restore()) {
          fail(call, t);
        }
      }
    }, MoreExecutors.directExecutor());
  }

  private void answer(ServerCallStreamObserver<GetHomeResponse> call, HomeRequest valid, Home home) {
    // Experiments and kill switches apply to every source, the default Home included.
    HomeExperiments.TreatedHome treated = experiments.apply(valid.userId(), home.shelves());
    GetHomeResponse.Builder response =
        GetHomeResponse.newBuilder()
            .setSource(home.source())
            .addAllAssignments(treated.assignments())
            .setGeneratedAt(Timestamps.fromMillis(clock.millis()));
    // A client asking for fewer items than the thin-shelf minimum still gets shelves.
    HomeAssembler assembler = new HomeAssembler(
        valid.maxShelves(), valid.maxItemsPerShelf(), Math.min(minItemsPerShelf, valid.maxItemsPerShelf()));
    response.addAllShelves(assembler.assembleInOrder(treated.shelves(), ANSWER));
    if (call.isCancelled()) {
      return;
    }
    call.onNext(response.build());
    call.onCompleted();
  }

  /** The read's callback runs outside the call chain, so it maps its own errors. */
  private static void fail(ServerCallStreamObserver<GetHomeResponse> call, Throwable error) {
    if (!call.isCancelled()) {
      call.onError(GrpcErrorMapping.toStatus(error).asRuntimeException());
    }
  }

  /** A card is the same card on two shelves when its kind and id are. */
  private record CardKey(int kind, String id) {}

  /** Stored shelves as the assembler sees them; a shelf in the answer carries no provenance. */
  private static final HomeAssembler.ShelfModel<Shelf, Item> ANSWER = new HomeAssembler.ShelfModel<>() {
    @Override
    public List<Item> cards(Shelf shelf) {
      return shelf.getItemsList();
    }

    @Override
    public Object key(Item item) {
      return new CardKey(item.getKindValue(), item.getId());
    }

    @Override
    public Shelf withCards(Shelf shelf, List<Item> items) {
      return shelf.toBuilder().clearProvenance().clearItems().addAllItems(items).build();
    }
  };
}
