package dev.homeshelves.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.service.testing.ApplicationYml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests (deploy/k8s: base and the production overlay's patches) checked
 * against the application: env vars it reads, its ports and health service, the image the
 * build makes, and the production rules (no resource creation at start, Workload Identity).
 */
class KubernetesManifestsTest {

  /** Env vars read by the JVM itself rather than by the application. */
  private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");
  /**
   * Standard OpenTelemetry SDK env vars, read by the SDK itself once tracing is on (application.yml
   * has only the switch, home-shelves.tracing.exporter = OTEL_TRACES_EXPORTER); a name outside this
   * list is more likely a typo than a setting.
   */
  private static final Set<String> OTEL_SDK_ENV = Set.of("OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
      "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS",
      "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_COMPRESSION", "OTEL_EXPORTER_OTLP_CERTIFICATE",
      "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_PROPAGATORS", "OTEL_BSP_SCHEDULE_DELAY",
      "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "OTEL_BSP_EXPORT_TIMEOUT", "OTEL_SDK_DISABLED");
  /** The worker's drain on SIGTERM at most (SignalWorker.close, RecomputeScheduler.close, client closes). */
  private static final int WORKER_DRAIN_SECONDS = 40;
  private static final String BACKLOG_METRIC = "pubsub.googleapis.com|subscription|num_undelivered_messages";

  private static Path k8s;
  private static List<Map<String, Object>> base;
  private static List<Map<String, Object>> production;
  private static ApplicationYml yml;

  @BeforeAll
  static void readManifests() throws IOException {
    // Tests run in the module directory, one below the project root.
    Path root = Path.of("").toAbsolutePath().getParent();
    k8s = root.resolve("deploy/k8s");
    base = documents(k8s.resolve("base"));
    production = documents(k8s.resolve("overlays/production"));
    yml = ApplicationYml.load();
  }

  @Test
  void everyEnvVarIsASettingOfTheApplication() {
    Set<String> known = yml.environmentVariables();
    List<String> unknown = new ArrayList<>();
    for (var doc : concat(base, production)) {
      for (var container : containers(doc)) {
        for (var env : list(container.get("env"))) {
          String name = (String) env.get("name");
          if (!known.contains(name) && !JVM_ENV.contains(name) && !OTEL_SDK_ENV.contains(name)) {
            unknown.add(name(doc) + "/" + container.get("name") + ": " + name);
          }
        }
        assertThat(container).as("config by env vars only").doesNotContainKey("envFrom");
      }
    }
    assertThat(unknown).as("env vars that no setting in application.yml reads").isEmpty();
  }

  @Test
  void portsAndProbesMatchTheServers() {
    int grpc = Integer.parseInt(yml.defaultOf("grpc.server.port").orElseThrow());
    int http = Integer.parseInt(yml.defaultOf("micronaut.server.port").orElseThrow());
    var serve = container(deployment(base, "home-shelves-serve"));
    assertThat(port(serve, "grpc")).isEqualTo(grpc);
    assertThat(port(serve, "http")).isEqualTo(http);
    assertThat(envValue(serve, "GRPC_PORT")).isNull();
    assertThat(envValue(serve, "HTTP_PORT")).isNull();
    assertThat(strings(serve.get("args"))).containsExactly("serve");

    // The worker command takes its ports as options (its defaults are for sharing a machine).
    var worker = container(deployment(base, "home-shelves-worker"));
    assertThat(strings(worker.get("args"))).first().isEqualTo("worker");
    assertThat(strings(worker.get("args")))
        .contains("--grpc-port=" + port(worker, "grpc"), "--http-port=" + port(worker, "http"));

    for (var container : List.of(serve, worker)) {
      for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
        Map<String, Object> grpcProbe = map(map(container.get(probe)).get("grpc"));
        assertThat(grpcProbe).as("%s of %s is a native gRPC probe", probe, container.get("name")).isNotEmpty();
        assertThat(grpcProbe.get("port")).isEqualTo(port(container, "grpc"));
        // grpc.health.v1 reports the overall service "" (ApplicationStartTest checks SERVING).
        assertThat(grpcProbe.getOrDefault("service", "")).isEqualTo("");
      }
    }

    var service = find(base, "Service", "home-shelves");
    var podLabels = map(map(map(deployment(base, "home-shelves-serve").get("spec")).get("template")).get("metadata")).get("labels");
    assertThat(map(podLabels)).containsAllEntriesOf(map(map(map(service.get("spec")).get("selector"))));
    assertThat(list(map(service.get("spec")).get("ports"))).extracting(p -> p.get("targetPort"))
        .containsExactlyInAnyOrder("grpc", "http");
  }

  @Test
  void theImageIsTheOneTheBuildMakes() throws IOException {
    String pom = Files.readString(k8s.getParent().getParent().resolve("shelf-service/pom.xml"));
    String imageName = property(pom, "<image.name>([^<]+)</image.name>");
    for (String name : List.of("home-shelves-serve", "home-shelves-worker")) {
      assertThat(container(deployment(base, name)).get("image")).isEqualTo(imageName);
    }
    var kustomization = new Yaml().<Map<String, Object>>load(
        Files.readString(k8s.resolve("overlays/production/kustomization.yaml")));
    assertThat(list(kustomization.get("images"))).extracting(i -> i.get("name")).containsExactly(imageName);
    // The pods run as the image's non-root user.
    String user = property(pom, "<user>([0-9]+):[0-9]+</user>");
    for (String name : List.of("home-shelves-serve", "home-shelves-worker")) {
      var security = map(podSpec(deployment(base, name)).get("securityContext"));
      assertThat(security.get("runAsNonRoot")).isEqualTo(true);
      assertThat(String.valueOf(security.get("runAsUser"))).isEqualTo(user);
    }
  }

  @Test
  void everyPodRequestsCpuAndMemoryAndTellsTheJvmItsCpus() {
    for (String name : List.of("home-shelves-serve", "home-shelves-worker")) {
      var container = container(deployment(base, name));
      var requests = map(map(container.get("resources")).get("requests"));
      assertThat(requests).as(name).containsKeys("cpu", "memory");
      assertThat(map(map(container.get("resources")).get("limits"))).as(name).containsKey("memory");
      assertThat(envValue(container, "JAVA_TOOL_OPTIONS"))
          .isEqualTo("-XX:ActiveProcessorCount=" + requests.get("cpu"));
    }
  }

  @Test
  void shutdownIsGracefulAndOutlastsTheWorkersDrain() {
    for (String name : List.of("home-shelves-serve", "home-shelves-worker")) {
      var spec = podSpec(deployment(base, name));
      int preStop = (Integer) map(map(map(container(deployment(base, name)).get("lifecycle")).get("preStop")).get("sleep"))
          .get("seconds");
      int grace = (Integer) spec.get("terminationGracePeriodSeconds");
      assertThat(grace).as(name).isGreaterThan(preStop);
      if (name.endsWith("worker")) {
        assertThat(grace).as("worker grace period vs preStop + drain").isGreaterThan(preStop + WORKER_DRAIN_SECONDS);
      }
    }
  }

  @Test
  void autoscalingAndDisruptionBudgets() {
    var serveHpa = map(find(base, "HorizontalPodAutoscaler", "home-shelves-serve").get("spec"));
    assertThat(list(serveHpa.get("metrics"))).extracting(m -> map(m.get("resource")).get("name")).contains("cpu");
    var workerHpa = map(find(base, "HorizontalPodAutoscaler", "home-shelves-worker").get("spec"));
    var external = list(workerHpa.get("metrics")).stream()
        .filter(m -> "External".equals(m.get("type"))).map(m -> map(m.get("external"))).findFirst().orElseThrow();
    assertThat(map(external.get("metric")).get("name")).isEqualTo(BACKLOG_METRIC);
    assertThat(map(map(map(external.get("metric")).get("selector")).get("matchLabels")))
        .containsEntry("resource.labels.subscription_id", yml.defaultOf("home-shelves.pubsub.subscription").orElseThrow());
    for (String name : List.of("home-shelves-serve", "home-shelves-worker")) {
      assertThat(map(map(find(base, "HorizontalPodAutoscaler", name).get("spec")).get("scaleTargetRef")).get("name"))
          .isEqualTo(name);
      var pdbSelector = map(map(map(find(base, "PodDisruptionBudget", name).get("spec")).get("selector")).get("matchLabels"));
      var podLabels = map(map(map(map(deployment(base, name).get("spec")).get("template")).get("metadata")).get("labels"));
      assertThat(podLabels).as(name).containsAllEntriesOf(pdbSelector);
    }
  }

  @Test
  void productionCreatesNothingAtStartAndUsesWorkloadIdentity() {
    assertThat(envValue(container(deployment(production, "home-shelves-serve")), "HOME_SHELVES_BIGTABLE_CREATE_TABLES"))
        .isEqualTo("false");
    var worker = container(deployment(production, "home-shelves-worker"));
    assertThat(envValue(worker, "HOME_SHELVES_BIGTABLE_CREATE_TABLES")).isEqualTo("false");
    assertThat(envValue(worker, "HOME_SHELVES_PUBSUB_CREATE_MISSING")).isEqualTo("false");
    for (String name : List.of("home-shelves-serve", "home-shelves-worker")) {
      String account = (String) podSpec(deployment(base, name)).get("serviceAccountName");
      var annotations = map(map(find(production, "ServiceAccount", account).get("metadata")).get("annotations"));
      assertThat((String) annotations.get("iam.gke.io/gcp-service-account")).as(account).endsWith(".iam.gserviceaccount.com");
      assertThat(find(base, "ServiceAccount", account)).isNotNull();
    }
  }

  private static List<Map<String, Object>> documents(Path dir) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (file.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
          docs.add(map(doc));
        }
      }
    }
    return docs;
  }

  private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> kind.equals(d.get("kind")) && name.equals(name(d)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the manifests"));
  }

  private static Map<String, Object> deployment(List<Map<String, Object>> docs, String name) {
    return find(docs, "Deployment", name);
  }

  private static Map<String, Object> podSpec(Map<String, Object> deployment) {
    return map(map(map(deployment.get("spec")).get("template")).get("spec"));
  }

  private static List<Map<String, Object>> containers(Map<String, Object> doc) {
    return "Deployment".equals(doc.get("kind")) ? list(podSpec(doc).get("containers")) : List.of();
  }

  private static Map<String, Object> container(Map<String, Object> deployment) {
    var containers = containers(deployment);
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static int port(Map<String, Object> container, String name) {
    return list(container.get("ports")).stream()
        .filter(p -> name.equals(p.get("name")))
        .map(p -> (Integer) p.get("containerPort"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("container " + container.get("name") + " has no port " + name));
  }

  private static String envValue(Map<String, Object> container, String name) {
    return list(container.get("env")).stream()
        .filter(e -> name.equals(e.get("name")))
        .map(e -> (String) e.get("value"))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static String name(Map<String, Object> doc) {
    return (String) map(doc.get("metadata")).get("name");
  }

  private static String property(String pom, String regex) {
    Matcher m = Pattern.compile(regex).matcher(pom);
    assertThat(m.find()).as("pom.xml has %s", regex).isTrue();
    return m.group(1);
  }

  private static List<Map<String, Object>> concat(List<Map<String, Object>> a, List<Map<String, Object>> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return value == null ? List.of() : (List<String>) value;
  }
}
