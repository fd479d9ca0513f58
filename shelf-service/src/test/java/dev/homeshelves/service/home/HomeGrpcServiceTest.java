package dev.homeshelves.service.home;

import static dev.homeshelves.service.home.HomeFixtures.shelf;
import static dev.homeshelves.service.home.HomeFixtures.shelfOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.HomeServiceGrpc.HomeServiceBlockingStub;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.GrpcErrorMapping;
import dev.homeshelves.service.experiments.ConfigStore;
import dev.homeshelves.service.experiments.ExperimentSettings;
import dev.homeshelves.service.experiments.HomeExperiments;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HomeService over an in-process gRPC channel: validation, limits, what the answer contains. */
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
    HomeSettings settings = HomeFixtures.settings(Duration.ofSeconds(2), Duration.ZERO, 2);
    HomeMetrics metrics = new HomeMetrics(REGISTRY);
    DefaultHome defaultHome = new DefaultHome(store, settings, metrics);
    HomeReader reader = new HomeReader(store, new LastGoodHomes(settings, REGISTRY), defaultHome, settings, metrics);
    // No experiments configured: the config table is empty, so shelves pass through unchanged.
    ExperimentSettings experimentSettings = new ExperimentSettings(Duration.ofSeconds(2), Duration.ofSeconds(2));
    HomeExperiments experiments =
        new HomeExperiments(
            new LiveExperiments(
                new ConfigStore(BIGTABLE.dataClient(), Clock.systemUTC(), experimentSettings),
                Clock.systemUTC(),
                experimentSettings,
                REGISTRY),
            REGISTRY);
    HomeGrpcService service =
        new HomeGrpcService(new HomeRequestValidator(settings), reader, metrics, experiments, Clock.systemUTC(), settings);
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
  void answerLeavesOutProvenanceAndCarriesGenerationTime() {
    GetHomeResponse response = home.getHome(GetHomeRequest.newBuilder().setUserId("small").setLocale("en-US").build());

    assertThat(response.getShelvesList()).singleElement().satisfies(s -> assertThat(s.hasProvenance()).isFalse());
    assertThat(response.hasGeneratedAt()).isTrue();
    assertThat(REGISTRY.get("homeshelves.home.get").timer().count()).isPositive();
  }
}
