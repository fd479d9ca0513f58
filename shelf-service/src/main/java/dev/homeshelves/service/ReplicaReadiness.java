package dev.homeshelves.service;

import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.home.DefaultHome;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this replica may take traffic: not before it has read the {@code config} table once
 * (until then no kill switch is known, and a killed shelf would be served) and, when it serves
 * Homes, the default Home once (until then a new user would get an empty Home). Reported on
 * {@code /health} (DOWN, HTTP 503, naming what is missing) and on gRPC health ({@code
 * NOT_SERVING} for the server, service name ""), so a load balancer or a Kubernetes readiness
 * probe keeps traffic away. Once ready it stays ready: later outages are what the fallbacks are
 * for.
 */
@Context
@Requires(condition = RunsARole.class)
public final class ReplicaReadiness implements HealthIndicator {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaReadiness.class);
  private static final long CHECK_MILLIS = 100;

  private final LiveExperiments config;
  // Only a serving replica needs it (and creating it starts its reads): one-shot tools and
  // workers do not ask for it here.
  private final Provider<DefaultHome> defaultHome;
  private final boolean serving;
  private final HealthStatusManager grpcHealth;
  private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "readiness");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean ready;

  ReplicaReadiness(
      LiveExperiments config,
      Provider<DefaultHome> defaultHome,
      @Value("${" + HomeShelvesApp.SERVE_ENABLED + ":true}") boolean serving,
      HealthStatusManager grpcHealth) {
    this.config = config;
    this.defaultHome = defaultHome;
    this.serving = serving;
    this.grpcHealth = grpcHealth;
  }

  @PostConstruct
  void start() {
    grpcHealth.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    // The first reads ran while this bean's dependencies were built: usually ready already.
    check();
    if (!ready) {
      checker.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  void stop() {
    checker.shutdownNow();
    // A replica shutting down stops taking new calls before its server closes.
    grpcHealth.enterTerminalState();
  }

  /** True once everything a correct answer needs has been read. */
  public boolean ready() {
    return ready;
  }

  private List<String> missing() {
    List<String> missing = new ArrayList<>(2);
    if (!config.readOnce()) {
      missing.add("the config table (kill switches, experiments) has not been read yet");
    }
    if (serving && !defaultHome.get().readOnce()) {
      missing.add("the default Home has not been read yet");
    }
    return missing;
  }

  private void check() {
    if (!missing().isEmpty()) {
      return;
    }
    ready = true;
    grpcHealth.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    LOG.info("ready: config and default Home read, reporting SERVING");
    checker.shutdown();
  }

  @Override
  public Publisher<HealthResult> getResult() {
    List<String> missing = ready ? List.of() : missing();
    HealthStatus status = missing.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
    return Publishers.just(HealthResult.builder("readiness", status)
        .details(missing.isEmpty() ? Map.of() : Map.of("missing", missing))
        .build());
  }
}
