package dev.homeshelves.loadtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.homeshelves.loadtest.LoadTestCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite, shortened for CI: two real worker processes on the real emulators, one of
 * them SIGKILLed and restarted, Bigtable frozen for 3 s, every message published twice; then
 * every signal must be stored exactly once, every Home must reflect its user's newest signal,
 * trending must be exact and nothing dead-lettered.
 */
class FaultSuiteTest {

  @Test
  void aWorkerKilledAndStorageFrozenMidStreamLoseNothingAndDoubleNothing(@TempDir Path dir) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = LoadTestCli.commandLine()
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute("faults", "--users", "60", "--rate", "10", "--duration", "15s",
            "--kill-at", "3s", "--restart-after", "1s", "--freeze-at", "8s", "--freeze-for", "3s",
            // The shortest Pub/Sub allows: the killed worker's messages come back after ~10 s.
            "--ack-deadline", "10s", "--settle-timeout", "45s", "--worker-java-opts", "-Xmx384m",
            // The suite is about faults, not a starved CPU: a shared CI machine gets time to compute.
            "--worker-env", "HOME_SHELVES_WORKER_FUNCTION_BUDGET=2s",
            "--dir", dir.toString(), "--json");

    assertThat(out.toString()).as("no report; the run said:%n%s", err).isNotBlank();
    JsonObject report = JsonParser.parseString(out.toString()).getAsJsonObject();
    String context = out + "\n" + err;
    assertThat(report.get("signalsPublished").getAsLong()).as(context).isGreaterThan(100);
    assertThat(report.get("publishFailures").getAsLong()).as(context).isZero();
    assertThat(report.get("notStored").getAsLong()).as(context).isZero();
    assertThat(report.get("storedTwice").getAsLong()).as(context).isZero();
    assertThat(report.get("staleHomes").getAsLong()).as(context).isZero();
    assertThat(report.get("trendingError").getAsLong()).as(context).isZero();
    assertThat(report.get("deadLettered").getAsLong()).as(context).isZero();
    assertThat(exit).as(context).isZero();
  }
}
