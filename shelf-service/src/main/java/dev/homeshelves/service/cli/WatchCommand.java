package dev.homeshelves.service.cli;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc.HomeServiceFutureStub;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.homeshelves.api.v1.Source;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code homectl watch}: calls GetHome at a steady rate and prints, every second, how many
 * answers came from each source and how many calls failed. For watching the fallback chain
 * while storage goes away and comes back.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Calls GetHome at a steady rate (users user-0 .. user-(N-1) in turn) and prints one line per second:",
      "answers by source (FRESH/STALE/DEFAULT) and failed calls. Exit code 1 when any call failed."
    })
final class WatchCommand implements Callable<Integer> {

  @Option(names = "--rate", defaultValue = "50", description = "Calls per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", defaultValue = "60", description = "How long to run (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--users", defaultValue = "100", description = "Cycle through user-0 .. user-(N-1) (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--timeout-ms", defaultValue = "1000", description = "Deadline of each call (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Mixin GrpcTarget target;

  private final Map<Source, AtomicLong> bySource = new EnumMap<>(Source.class);
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong totalFailed = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();

  @Override
  public Integer call() throws InterruptedException {
    if (rate < 1 || rate > 1000 || seconds < 1 || users < 1) {
      System.err.println("homectl watch: need 1 <= --rate <= 1000, --seconds >= 1, --users >= 1");
      return 2;
    }
    for (Source source : Source.values()) {
      bySource.put(source, new AtomicLong());
    }
    ManagedChannel channel = target.open();
    HomeServiceFutureStub stub = HomeServiceGrpc.newFutureStub(channel);
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    try {
      warmUp(channel);
      // Calls are asynchronous, so a slow answer never delays the next call: the rate holds.
      timer.scheduleAtFixedRate(() -> callOnce(stub), 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
      timer.scheduleAtFixedRate(this::printSecond, 1, 1, TimeUnit.SECONDS);
      timer.schedule(() -> {}, seconds, TimeUnit.SECONDS).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
      channel.shutdownNow();
    }
    System.out.printf("total: %d calls, %d failed%n", calls.get(), totalFailed.get());
    return totalFailed.get() == 0 ? 0 : 1;
  }

  /** One uncounted call with a long deadline, so the server's and this JVM's cold start are not counted. */
  private void warmUp(ManagedChannel channel) {
    try {
      HomeServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .getHome(GetHomeRequest.newBuilder().setUserId("user-0").build());
    } catch (StatusRuntimeException e) {
      System.err.printf("homectl watch: warm-up call to %s failed: %s%n", target, e.getStatus());
    }
  }

  private void callOnce(HomeServiceFutureStub stub) {
    String user = "user-" + (calls.getAndIncrement() % users);
    ListenableFuture<GetHomeResponse> answer =
        stub.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
            .getHome(GetHomeRequest.newBuilder().setUserId(user).build());
    Futures.addCallback(
        answer,
        new FutureCallback<>() {
          @Override
          public void onSuccess(GetHomeResponse response) {
            bySource.get(response.getSource()).incrementAndGet();
          }

          @Override
          public void onFailure(Throwable t) {
            failed.incrementAndGet();
            totalFailed.incrementAndGet();
          }
        },
        MoreExecutors.directExecutor());
  }

  private void printSecond() {
    System.out.printf(
        "%s  fresh %4d  stale %4d  default %4d  failed %4d%n",
        LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_TIME),
        bySource.get(Source.SOURCE_FRESH).getAndSet(0),
        bySource.get(Source.SOURCE_STALE).getAndSet(0),
        bySource.get(Source.SOURCE_DEFAULT).getAndSet(0),
        failed.getAndSet(0));
  }
}
