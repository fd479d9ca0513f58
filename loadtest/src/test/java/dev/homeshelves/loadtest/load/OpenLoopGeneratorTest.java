package dev.homeshelves.loadtest.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OpenLoopGeneratorTest {
  private final List<Progress> progress = new ArrayList<>();
  private final OpenLoopGenerator generator = new OpenLoopGenerator(progress::add);

  @Test
  void sendsRateTimesDurationRequestsAndCountsEachOutcome() throws Exception {
    RunResult result = generator.run(
        new OpenLoopGenerator.Settings(1000, Duration.ofMillis(200), Duration.ofSeconds(5)),
        (sequence, done) -> done.accept(sequence % 2 == 0
            ? Outcome.ok("SOURCE_FRESH")
            : Outcome.failed(Status.UNAVAILABLE.asRuntimeException())));

    assertThat(result.sent()).isEqualTo(200);
    assertThat(result.answered()).isEqualTo(200);
    assertThat(result.answersByLabel()).containsExactlyEntriesOf(java.util.Map.of("SOURCE_FRESH", 100L));
    assertThat(result.errorsByCode()).containsExactlyEntriesOf(java.util.Map.of("UNAVAILABLE", 100L));
    assertThat(result.unanswered()).isZero();
  }

  @Test
  void stalledAnswersCountFromTheirIntendedSendTime() throws Exception {
    // The "server" answers nothing until the last request has been sent, then everything at
    // once: the first request's latency must then span the whole send schedule, which a
    // closed-loop generator would hide.
    int count = 100;
    double rate = 500;
    List<Consumer<Outcome>> held = new ArrayList<>();
    RunResult result = generator.run(
        new OpenLoopGenerator.Settings(rate, Duration.ofMillis(200), Duration.ofSeconds(5)),
        (sequence, done) -> {
          held.add(done);
          if (sequence == count - 1) {
            held.forEach(d -> d.accept(Outcome.ok("late")));
          }
        });

    long scheduleMicros = (long) ((count - 1) / rate * 1_000_000);
    assertThat(result.answered()).isEqualTo(count);
    assertThat(result.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(scheduleMicros);
  }

  @Test
  void requestsNeverAnsweredAreReportedUnansweredAfterTheDrainTimeout() throws Exception {
    RunResult result = generator.run(
        new OpenLoopGenerator.Settings(100, Duration.ofMillis(100), Duration.ofMillis(50)),
        (sequence, done) -> {
          if (sequence < 5) {
            done.accept(Outcome.ok("x"));
          }
        });

    assertThat(result.sent()).isEqualTo(10);
    assertThat(result.answered()).isEqualTo(5);
    assertThat(result.unanswered()).isEqualTo(5);
  }

  @Test
  void aRequestThatThrowsOnStartCountsAsAnError() throws Exception {
    RunResult result = generator.run(
        new OpenLoopGenerator.Settings(100, Duration.ofMillis(50), Duration.ofSeconds(1)),
        (sequence, done) -> {
          throw new IllegalStateException("channel closed");
        });

    assertThat(result.errorsByCode()).containsOnlyKeys("UNKNOWN");
    assertThat(result.errors()).isEqualTo(result.sent());
  }
}
