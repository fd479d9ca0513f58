package dev.homeshelves.service.home;

import static dev.homeshelves.service.home.HomeFixtures.shelf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.store.ShelfStore;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.InMemoryTracing;
import dev.homeshelves.service.testing.RunningApp;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GetHome's spans in the running application, tracing into memory: the server span and its Bigtable read. */
class GetHomeTracingTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();

  private static final String GET_HOME = "homeshelves.v1.HomeService/GetHome";

  static InMemoryTracing traces;
  static RunningApp app;

  @BeforeAll
  static void start() {
    new ShelfStore(BIGTABLE.dataClient()).writeShelves("traced-user", List.of(shelf("mix", 1, 5)));
    traces = new InMemoryTracing();
    app = RunningApp.start(BIGTABLE, Map.of(), traces.tracing());
  }

  @AfterAll
  static void stop() {
    app.close();
    traces.close();
  }

  @Test
  void getHomeIsAServerSpanWhoseChildIsTheBigtableRead() {
    var response = HomeServiceGrpc.newBlockingStub(app.channel())
        .getHome(GetHomeRequest.newBuilder().setUserId("traced-user").build());
    assertThat(response.getSource()).isEqualTo(Source.SOURCE_FRESH);

    // No traceparent sent: the server span starts a trace (the other root GetHome here is a default Home's).
    SpanData server =
        traces.awaitSpan(GET_HOME, s -> !s.getParentSpanContext().isValid() && source(s).equals("SOURCE_FRESH"));
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.getAttributes().asMap()).containsAllEntriesOf(Map.of(
        AttributeKey.stringKey("rpc.system"), "grpc",
        AttributeKey.stringKey("rpc.service"), "homeshelves.v1.HomeService",
        AttributeKey.stringKey("rpc.method"), "GetHome",
        AttributeKey.longKey("rpc.grpc.status_code"), 0L,
        AttributeKey.stringKey("homeshelves.source"), "SOURCE_FRESH"));
    assertThat(traces.trace(server.getTraceId())).filteredOn(s -> s.getName().equals(HomeReader.READ_SPAN))
        .singleElement().satisfies(read -> {
          assertThat(read.getKind()).isEqualTo(SpanKind.CLIENT);
          assertThat(read.getParentSpanId()).isEqualTo(server.getSpanId());
          assertThat(read.getAttributes().get(AttributeKey.stringKey("db.collection.name"))).isEqualTo("shelves");
          assertThat(read.getAttributes().get(AttributeKey.longKey("homeshelves.shelves"))).isEqualTo(1L);
        });
  }

  @Test
  void aCallersTraceparentMakesTheServerSpanItsChild() {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), InMemoryTracing.TRACEPARENT);
    HomeServiceGrpc.newBlockingStub(app.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .getHome(GetHomeRequest.newBuilder().setUserId("traced-user").build());

    SpanData server = traces.awaitSpan(GET_HOME, s -> s.getTraceId().equals(InMemoryTracing.CALLER_TRACE_ID));
    assertThat(server.getParentSpanId()).isEqualTo(InMemoryTracing.CALLER_SPAN_ID);
    assertThat(server.getParentSpanContext().isRemote()).isTrue();
    assertThat(traces.trace(InMemoryTracing.CALLER_TRACE_ID)).extracting(SpanData::getName)
        .containsExactlyInAnyOrder(HomeReader.READ_SPAN, GET_HOME);
  }

  @Test
  void healthChecksAreNotTraced() {
    io.grpc.health.v1.HealthGrpc.newBlockingStub(app.channel())
        .check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance());
    // A GetHome after it: once its span has ended, the health check's would have too.
    HomeServiceGrpc.newBlockingStub(app.channel()).getHome(GetHomeRequest.newBuilder().setUserId("after-health").build());
    traces.awaitSpan(GET_HOME, s -> source(s).equals("SOURCE_DEFAULT"));

    assertThat(traces.spans()).extracting(SpanData::getName).noneMatch(name -> name.startsWith("grpc.health"));
  }

  private static String source(SpanData span) {
    return String.valueOf(span.getAttributes().get(AttributeKey.stringKey("homeshelves.source")));
  }
}
