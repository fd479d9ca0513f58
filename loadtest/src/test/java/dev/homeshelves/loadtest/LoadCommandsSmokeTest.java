package dev.homeshelves.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.homeshelves.loadtest.echo.EchoHomeServer;
import dev.homeshelves.loadtest.echo.TypicalHome;
import com.google.gson.JsonArray;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each command starts and produces its figures, in about a second of load each. Figures are
 * not judged here (performance is measured by running the commands, not by tests).
 */
// The generous --deadline keeps a busy CI machine from turning slow answers into errors.
class LoadCommandsSmokeTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private EchoHomeServer service;

  @BeforeEach
  void startStandInService() throws Exception {
    service = EchoHomeServer.start(0, TypicalHome.ofSize(3000));
  }

  @AfterEach
  void stopStandInService() throws Exception {
    service.close();
  }

  @Test
  void homeReportsLatencyAndAnswersBySource() {
    int exit = run("home", "--target", "127.0.0.1:" + service.port(),
        "--rate", "200", "--duration", "1s", "--warmup", "0s", "--users", "100", "--json",
        "--deadline", "60s");

    JsonObject result = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(exit).as(err.toString()).isZero();
    assertThat(result.get("sent").getAsLong()).isEqualTo(200);
    assertThat(result.get("answered").getAsLong()).isEqualTo(200);
    assertThat(result.get("p99Ms").getAsDouble()).isPositive();
    assertThat(result.getAsJsonObject("answersBySource").get("SOURCE_FRESH").getAsLong())
        .isEqualTo(200);
    assertThat(err.toString()).contains("home: measuring for 1.0 s at 200/s");
  }

  @Test
  void echoMeasuresAnInProcessEchoServerWithTheChosenReplySize() {
    int exit = run("echo", "--in-process", "--reply-bytes", "4000",
        "--rate", "200", "--duration", "1s", "--warmup", "0s", "--deadline", "60s");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).contains("echo: reply of 4,0");
    assertThat(out.toString()).contains("echo: target 200/s").contains("p99");
  }

  @Test
  void compareReportsTheP99RatioAndASweepPerTarget() {
    int exit = run("compare", "--target", "127.0.0.1:" + service.port(), "--in-process",
        "--rate", "100", "--duration", "500ms", "--warmup", "0s", "--deadline", "60s",
        "--sweep", "--sweep-start", "100", "--sweep-factor", "2", "--sweep-max", "200",
        "--step-duration", "300ms", "--bisections", "0", "--json");

    JsonObject result = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(exit).as(err.toString()).isZero();
    assertThat(result.get("replyBytes").getAsInt()).isEqualTo(service.replyBytes());
    assertThat(result.get("p99Ratio").getAsDouble()).isPositive();
    assertThat(result.getAsJsonObject("echoSweep").getAsJsonArray("steps")).isNotEmpty();
    assertThat(result.getAsJsonObject("homeSweep").getAsJsonArray("steps")).isNotEmpty();
  }

  @Test
  void aTargetOffThisMachineIsRefusedBeforeAnyLoad() {
    int exit = run("home", "--target", "192.0.2.10:50051", "--duration", "1s");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("not a loopback address");
  }

  @Test
  void everyBenchmarkStartsAndReportsAScore(@TempDir Path dir) throws Exception {
    Path results = dir.resolve("jmh.json");
    // In this JVM (-f 0), one short iteration, the smallest inputs: proof they run, not figures.
    int exit = run("jmh", "-f", "0", "-wi", "0", "-i", "1", "-r", "50ms",
        "-p", "homeBytes=2048", "-p", "versions=1", "-p", "items=1000", "-p", "tracks=1000",
        "-rf", "json", "-rff", results.toString());

    assertThat(exit).as(err.toString()).isZero();
    JsonArray runs = JsonParser.parseString(Files.readString(results)).getAsJsonArray();
    Set<String> benchmarks = new HashSet<>();
    runs.forEach(r -> {
      JsonObject run = r.getAsJsonObject();
      String name = run.get("benchmark").getAsString();
      JsonObject params = run.getAsJsonObject("params");
      benchmarks.add(name.substring(name.lastIndexOf("bench.") + 6)
          + (params != null && params.has("shelf") ? ":" + params.get("shelf").getAsString() : "")
          + (params != null && params.has("index") ? ":" + params.get("index").getAsString() : ""));
      assertThat(run.getAsJsonObject("primaryMetric").get("score").getAsDouble()).isPositive();
    });
    assertThat(benchmarks).contains(
        "HomeRowBench.decodeHomeRow", "HomeRowBench.encodeHomeAnswer",
        "NeighborSearchBench.nearest:exact", "NeighborSearchBench.nearest:hnsw",
        "ShelfFunctionBench.compute:recently-played", "ShelfFunctionBench.compute:trending-now",
        "ShelfFunctionBench.compute:made-for-you");
  }

  private int run(String... args) {
    return LoadTestCli.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
