package dev.homeshelves.service.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.testing.BigtableEmulatorExtension;
import dev.homeshelves.service.testing.PubSubEmulatorExtension;
import dev.homeshelves.service.testing.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's list of metrics against what a replica running both roles registers on
 * {@code /prometheus}: every metric of ours has the one prefix {@code homeshelves_} and help
 * text, and is listed in the README with that help; every listed name is registered, or (for
 * the meters registered on first use, e.g. per dead-letter reason) is named in the main sources.
 */
class ReadmeMetricsTest {

  @RegisterExtension static final BigtableEmulatorExtension BIGTABLE = new BigtableEmulatorExtension();
  @RegisterExtension static final PubSubEmulatorExtension PUBSUB = new PubSubEmulatorExtension();

  /** Metrics of the frameworks (Micrometer's JVM, process and HTTP binders), which keep their standard names. */
  private static final List<String> FRAMEWORK_PREFIXES = List.of(
      "jvm_", "process_", "system_", "executor_", "http_server_requests", "grpc_server_", "logback_", "disk_");

  private static final Path README = Path.of("..", "README.md");
  private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
  private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) ?(.*)$");
  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
  private static final Pattern README_ROW = Pattern.compile("^\\| `(homeshelves_[a-z0-9_]+)`(?:\\{[^}]*\\})? \\| ([a-z]+) \\| (.*) \\|$");

  @TempDir Path dir;

  @Test
  void theReadmeListsEveryMetricWithItsHelpAndNoStaleNames() throws Exception {
    Map<String, String> scraped = scrapeHelp();
    Map<String, String> listed = readmeList();

    assertThat(scraped.keySet()).as("metrics outside the homeshelves_ prefix").allSatisfy(name ->
        assertThat(name.startsWith("homeshelves_") || FRAMEWORK_PREFIXES.stream().anyMatch(name::startsWith))
            .as(name).isTrue());
    Map<String, String> ours = new LinkedHashMap<>();
    scraped.forEach((name, typeAndHelp) -> {
      // A timer's or summary's _max gauge is part of the metric it belongs to.
      if (name.startsWith("homeshelves_") && !(name.endsWith("_max") && scraped.containsKey(name.replaceFirst("_max$", "")))) {
        ours.put(name, typeAndHelp);
      }
    });
    // The rows the README should have, to paste when a metric is added or its help changes.
    Files.write(Path.of("target", "readme-metrics.md"), ours.entrySet().stream()
        .map(e -> "| `" + e.getKey() + "` | " + e.getValue() + " |").toList());
    assertThat(ours).as("registered metrics").isNotEmpty();
    assertThat(ours).as("metrics without help text (type | help)").allSatisfy((name, typeAndHelp) ->
        assertThat(typeAndHelp.substring(typeAndHelp.indexOf('|') + 1)).as(name).isNotBlank());
    assertThat(listed).as("README.md's list of metrics (between <!-- metrics:begin --> and <!-- metrics:end -->)")
        .containsAllEntriesOf(ours);

    String sources = mainSources();
    for (String name : listed.keySet()) {
      if (!ours.containsKey(name)) {
        assertThat(sources).as("README lists " + name + ", which is not registered nor named in the sources (stale?)")
            .contains("\"" + meterName(name) + "\"");
      }
    }
  }

  /** {@code homeshelves_worker_signals_total} → {@code homeshelves.worker.signals}, the name given to Micrometer. */
  private static String meterName(String prometheusName) {
    return prometheusName.replaceFirst("_(total|seconds)$", "").replace('_', '.');
  }

  private Map<String, String> scrapeHelp() throws Exception {
    Path catalog = Files.writeString(dir.resolve("catalog.tsv"), "id\ttitle\tartist\n101\tSummer Static\tThe Coastlines\n");
    Map<String, Object> properties = new java.util.HashMap<>(PUBSUB.freshProperties());
    properties.put(HomeShelvesApp.WORKER_ENABLED, true);
    properties.put("home-shelves.model.catalog", catalog.toString());
    try (var app = RunningApp.start(BIGTABLE, properties)) {
      HomeServiceGrpc.newBlockingStub(app.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
          .getHome(GetHomeRequest.newBuilder().setUserId("metrics-user").build());
      String body = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(app.httpBase() + "/prometheus")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Map<String, String> help = new LinkedHashMap<>();
      Map<String, String> types = new LinkedHashMap<>();
      body.lines().map(HELP::matcher).filter(Matcher::matches).forEach(m -> help.put(m.group(1), m.group(2).strip()));
      body.lines().map(TYPE::matcher).filter(Matcher::matches).forEach(m -> types.put(m.group(1), m.group(2)));
      Map<String, String> typeAndHelp = new LinkedHashMap<>();
      help.forEach((name, text) -> typeAndHelp.put(name, types.getOrDefault(name, "?") + " | " + text));
      return typeAndHelp;
    }
  }

  private static Map<String, String> readmeList() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int begin = lines.indexOf("<!-- metrics:begin -->");
    int end = lines.indexOf("<!-- metrics:end -->");
    assertThat(begin).as("<!-- metrics:begin --> in README.md").isNotNegative();
    assertThat(end).as("<!-- metrics:end --> after it").isGreaterThan(begin);
    Map<String, String> listed = new LinkedHashMap<>();
    List<String> unparsed = new ArrayList<>();
    for (String line : lines.subList(begin + 1, end)) {
      Matcher row = README_ROW.matcher(line);
      if (row.matches()) {
        listed.put(row.group(1), row.group(2) + " | " + row.group(3).strip());
      } else if (line.startsWith("| `")) {
        unparsed.add(line);
      }
    }
    assertThat(unparsed).as("README metric rows not in the form | `name` | type | help |").isEmpty();
    return listed;
  }

  private static String mainSources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
        try {
          all.append(Files.readString(f));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return all.toString();
  }
}
