package dev.homeshelves.loadtest.bigtable;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.homeshelves.loadtest.LoadTestCli;
import dev.homeshelves.loadtest.signals.LocalEmulators;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code loadtest bigtable} against the real Bigtable emulator. */
class BigtableReadCommandTest {
  private static LocalEmulators emulators;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startEmulators() throws Exception {
    emulators = LocalEmulators.start();
    try (BigtableDataClient client = emulators.dataClient()) {
      // user-0 and user-1 have a Home; user-2 has none.
      for (String user : new String[] {"user-0", "user-1"}) {
        client.mutateRow(RowMutation.create(TableId.of("shelves"), "u#" + user)
            .setCell("s", "recently-played", "a shelf"));
      }
    }
  }

  @AfterAll
  static void stopEmulators() throws Exception {
    emulators.close();
  }

  @Test
  void readsHomeRowsAndCountsUsersWithAndWithoutOne() {
    int exit = run("bigtable", "--bigtable", emulators.bigtableTarget(),
        "--project", LocalEmulators.PROJECT, "--instance", LocalEmulators.INSTANCE,
        "--users", "3", "--zipf", "0", "--rate", "200", "--duration", "1s", "--warmup", "0s",
        "--json");

    JsonObject report = JsonParser.parseString(out.toString()).getAsJsonObject().getAsJsonObject("run");
    JsonObject answers = report.getAsJsonObject("answersBySource");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(report.get("answered").getAsLong()).isEqualTo(200);
    assertThat(report.get("errors").getAsLong()).isZero();
    assertThat(answers.get("ROW").getAsLong() + answers.get("NO_ROW").getAsLong()).isEqualTo(200);
    assertThat(answers.get("NO_ROW").getAsLong()).isPositive();
    assertThat(answers.get("ROW").getAsLong()).isGreaterThan(answers.get("NO_ROW").getAsLong());
  }

  @Test
  void sweepsForTheHighestRateWithinTheP99Limit() {
    int exit = run("bigtable", "--bigtable", emulators.bigtableTarget(),
        "--project", LocalEmulators.PROJECT, "--instance", LocalEmulators.INSTANCE,
        "--users", "3", "--rate", "100", "--duration", "1s", "--warmup", "0s",
        "--sweep", "--sweep-start", "50", "--sweep-max", "120", "--step-duration", "500ms",
        "--p99-limit", "1000", "--bisections", "0", "--json");

    JsonObject sweep = JsonParser.parseString(out.toString()).getAsJsonObject().getAsJsonObject("sweep");
    assertThat(exit).as(err.toString()).isZero();
    // 50/s and 75/s pass a 1 s limit on any machine; 112.5/s is the last step under the maximum.
    assertThat(sweep.getAsJsonArray("steps")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(sweep.get("highestPassingRate").getAsDouble()).isGreaterThanOrEqualTo(75);
  }

  private int run(String... args) {
    return LoadTestCli.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
