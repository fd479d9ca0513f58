package dev.homeshelves.service.home;

import static dev.homeshelves.service.home.HomeFixtures.shelf;
import static dev.homeshelves.service.home.HomeFixtures.shelfOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.HomeServiceGrpc.HomeServiceBlockingStub;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.GrpcErrorMapping;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.experiments.ConfigStore;
import dev.homeshelves.service.experiments.ExperimentSettings;
import dev.homeshelves.service.experiments.HomeExperiments;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.CapturedLogs;
import dev.homeshelves.service.testing.FreePorts;
import dev.homeshelves.service.testing.InMemoryTracing;
import dev.homeshelves.service.tracing.GrpcServerSpans;
import dev.homeshelves.service.tracing.Tracing;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.MDC;

/**
 * HomeService over an in-process gRPC channel: validation, limits, what the answer contains, and
 * the MDC of the lines it logs (with tracing off and on).
 */
class HomeGrpcServiceTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  static Server server;
  static ManagedChannel channel;
  static HomeServiceBlockingStub home;
  static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

  @BeforeAll
  static void start() throws Exception {
    ShelfStore store = new ShelfStore(BIGTABLE.dataClient());
    // 40 shelves of 60 items: more than both caps (30 shelves, 50 items).
    store.writeShelves("big", IntStream.range(0, 40).mapToObj(i -> shelf("shelf-" + i, 100 - i, 60)).toList());
    store.writeShelves("small", List.of(shelf("mix", 1, 3)));
    // The same tracks on several shelves: the lower shelves lose them, and a shelf left with
    // fewer than 2 cards (the thin-shelf minimum here) is dropped.
    store.writeShelves("dup", List.of(
        shelfOf("top", 3, "x", "y", "z"), shelfOf("thin", 2, "x", "y", "w"), shelfOf("low", 1, "w", "v", "x")));
    HomeGrpcService service =
        homeService(store, HomeFixtures.settings(Duration.ofSeconds(2), Duration.ZERO, 2), Tracing.off());
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(service, new GrpcErrorMapping()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    home = HomeServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing user_id           | ''                | 0  | 0  | ''        | user_id",
        "user_id too long          | LONG              | 0  | 0  | ''        | user_id",
        "user_id with a space      | 'a b'             | 0  | 0  | ''        | user_id",
        "user_id with a slash      | 'a/b'             | 0  | 0  | ''        | user_id",
        "negative max_shelves      | alice             | -1 | 0  | ''        | max_shelves",
        "negative max_items        | alice             | 0  | -5 | ''        | max_items_per_shelf",
        "malformed locale          | alice             | 0  | 0  | 'en US!'  | locale",
      })
  void invalidFieldIsRejectedNamingIt(String caseName, String userId, int maxShelves, int maxItems, String locale, String field) {
    GetHomeRequest request =
        GetHomeRequest.newBuilder()
            .setUserId(userId.equals("LONG") ? "u".repeat(129) : userId)
            .setMaxShelves(maxShelves)
            .setMaxItemsPerShelf(maxItems)
            .setLocale(locale)
            .build();

    assertThatThrownBy(() -> home.getHome(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith(field + ":");
            });
    assertThat(REGISTRY.get("homeshelves.home.requests.invalid").tag("field", field).counter().count()).isPositive();
  }

  @Test
  void zeroLimitsMeanServerDefaults() {
    GetHomeResponse response = home.getHome(GetHomeRequest.newBuilder().setUserId("big").build());

    assertThat(response.getSource()).isEqualTo(Source.SOURCE_FRESH);
    assertThat(response.getShelvesList()).hasSize(10);
    assertThat(response.getShelvesList()).allSatisfy(s -> assertThat(s.getItemsList()).hasSize(20));
  }

  @Test
  void limitsAboveCapsAreCapped() {
    GetHomeResponse response =
        home.getHome(GetHomeRequest.newBuilder().setUserId("big").setMaxShelves(1000).setMaxItemsPerShelf(1000).build());

    assertThat(response.getShelvesList()).hasSize(30);
    assertThat(response.getShelvesList()).allSatisfy(s -> assertThat(s.getItemsList()).hasSize(50));
  }

  @Test
  void smallLimitsKeepTheBestShelvesAndItems() {
    GetHomeResponse response =
        home.getHome(GetHomeRequest.newBuilder().setUserId("big").setMaxShelves(2).setMaxItemsPerShelf(3).build());

    assertThat(response.getShelvesList()).extracting(Shelf::getId).containsExactly("shelf-0", "shelf-1");
    assertThat(response.getShelves(0).getItemsList())
        .extracting(item -> item.getId())
        .containsExactly("shelf-0-item-0", "shelf-0-item-1", "shelf-0-item-2");
  }

  @Test
  void eachCardIsShownOnceOnTheHighestShelfAndThinShelvesAreDropped() {
    GetHomeResponse response = home.getHome(GetHomeRequest.newBuilder().setUserId("dup").build());

    assertThat(response.getShelvesList()).extracting(Shelf::getId).containsExactly("top", "low");
    assertThat(response.getShelves(0).getItemsList()).extracting(i -> i.getId()).containsExactly("x", "y", "z");
    // "w" was not claimed by the dropped shelf, so the lower one keeps it.
    assertThat(response.getShelves(1).getItemsList()).extracting(i -> i.getId()).containsExactly("w", "v");
  }

  @Test
  void aClientAskingForFewerItemsThanTheMinimumStillGetsShelves() {
    GetHomeResponse response = home.getHome(GetHomeRequest.newBuilder().setUserId("dup").setMaxItemsPerShelf(1).build());

    assertThat(response.getShelvesList()).extracting(Shelf::getId).containsExactly("top", "thin", "low");
    assertThat(response.getShelvesList()).extracting(s -> s.getItems(0).getId()).containsExactly("x", "y", "w");
  }

  @Test
  void aGetHomeWhoseStorageFailsLogsTheFallbackWithItsUserIdAndLeavesTheHandlingThreadClean() throws Exception {
    Fallback fallback = getHomeWithStorageDown(Tracing.off());

    // Written where the read failed (the Bigtable client's thread), with the call's MDC.
    assertThat(fallback.line().getThreadName()).isNotEqualTo("home-handler");
    assertThat(fallback.line().getMDCPropertyMap()).containsExactly(Map.entry(LogContext.USER_ID, "logged-user"));
    // The call is over: the thread that handled it keeps nothing of it for the next call.
    assertThat(fallback.handlerMdcAfter()).isNullOrEmpty();
  }

  @Test
  void aTracedGetHomeLogsTheIdsOfItsServerSpanAndMarksTheFailedReadAsAnError() throws Exception {
    try (InMemoryTracing traces = new InMemoryTracing()) {
      Fallback fallback = getHomeWithStorageDown(traces.tracing());

      SpanData server = traces.awaitSpan("homeshelves.v1.HomeService/GetHome", s -> true);
      assertThat(fallback.line().getMDCPropertyMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
          LogContext.USER_ID, "logged-user", LogContext.TRACE_ID, server.getTraceId(),
          LogContext.SPAN_ID, server.getSpanId()));
      assertThat(fallback.handlerMdcAfter()).isNullOrEmpty();
      assertThat(server.getAttributes().get(AttributeKey.stringKey("homeshelves.source"))).isEqualTo("SOURCE_DEFAULT");
      assertThat(traces.trace(server.getTraceId())).filteredOn(s -> s.getName().equals(HomeReader.READ_SPAN))
          .singleElement().satisfies(read -> {
            assertThat(read.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(read.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
          });
    }
  }

  /** The fallback's log line of a GetHome whose Bigtable read fails, and the handling thread's MDC after the call. */
  private record Fallback(ILoggingEvent line, Map<String, String> handlerMdcAfter) {}

  private static Fallback getHomeWithStorageDown(Tracing tracing) throws Exception {
    // Nothing listens on this port: every read fails, and GetHome falls back to the default Home.
    BigtableDataClient unreachable = BigtableDataClient.create(
        BigtableDataSettings.newBuilderForEmulator("127.0.0.1", FreePorts.next())
            .setProjectId(BigtableEmulatorExtension.PROJECT)
            .setInstanceId(BigtableEmulatorExtension.INSTANCE)
            .build());
    // One pooled thread, as gRPC's executor would hand out: the next call would run on it.
    ExecutorService handler = Executors.newSingleThreadExecutor(task -> new Thread(task, "home-handler"));
    HomeGrpcService service =
        homeService(new ShelfStore(unreachable), HomeFixtures.settings(Duration.ofMillis(300)), tracing);
    // As GrpcCallChain has them: the server span outside the error mapping (the last one listed is outermost).
    ServerInterceptor[] chain = tracing.on()
        ? new ServerInterceptor[] {new GrpcErrorMapping(), new GrpcServerSpans(tracing)}
        : new ServerInterceptor[] {new GrpcErrorMapping()};
    String name = InProcessServerBuilder.generateName();
    Server failing = InProcessServerBuilder.forName(name).executor(handler)
        .addService(ServerInterceptors.intercept(service, chain)).build().start();
    ManagedChannel toFailing = InProcessChannelBuilder.forName(name).directExecutor().build();
    try (CapturedLogs logs = CapturedLogs.of(HomeReader.class, Level.DEBUG)) {
      GetHomeResponse response =
          HomeServiceGrpc.newBlockingStub(toFailing).getHome(GetHomeRequest.newBuilder().setUserId("logged-user").build());

      assertThat(response.getSource()).isEqualTo(Source.SOURCE_DEFAULT);
      List<ILoggingEvent> lines = logs.startingWith("Bigtable read for logged-user failed");
      assertThat(lines).hasSize(1);
      return new Fallback(lines.get(0), handler.submit(MDC::getCopyOfContextMap).get(10, TimeUnit.SECONDS));
    } finally {
      toFailing.shutdownNow();
      failing.shutdownNow();
      handler.shutdownNow();
      unreachable.close();
    }
  }

  @Test
  void answerLeavesOutProvenanceAndCarriesGenerationTime() {
    GetHomeResponse response = home.getHome(GetHomeRequest.newBuilder().setUserId("small").setLocale("en-US").build());

    assertThat(response.getShelvesList()).singleElement().satisfies(s -> assertThat(s.hasProvenance()).isFalse());
    assertThat(response.hasGeneratedAt()).isTrue();
    assertThat(REGISTRY.get("homeshelves.home.get").timer().count()).isPositive();
  }

  /** HomeService over {@code store}, with no experiments configured (the config table is empty: shelves pass through). */
  static HomeGrpcService homeService(ShelfStore store, HomeSettings settings, Tracing tracing) {
    HomeMetrics metrics = new HomeMetrics(REGISTRY);
    HomeReader reader = new HomeReader(
        store, new LastGoodHomes(settings, REGISTRY), new DefaultHome(store, settings, metrics), settings, metrics, tracing);
    ExperimentSettings experimentSettings = new ExperimentSettings(Duration.ofSeconds(2), Duration.ofSeconds(2));
    HomeExperiments experiments = new HomeExperiments(new LiveExperiments(
        new ConfigStore(BIGTABLE.dataClient(), Clock.systemUTC(), experimentSettings), Clock.systemUTC(),
        experimentSettings, REGISTRY), REGISTRY);
    return new HomeGrpcService(new HomeRequestValidator(settings), reader, metrics, experiments, Clock.systemUTC(), settings);
  }
}
