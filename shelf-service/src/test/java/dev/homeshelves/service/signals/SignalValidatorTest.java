package dev.homeshelves.service.signals;

import static dev.homeshelves.service.signals.Signals.play;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.homeshelves.service.signals.SignalParser.Rejection;
import dev.homeshelves.service.signals.SignalValidator.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The size and time bounds of {@link SignalValidator}, at their edges. */
class SignalValidatorTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final SignalLimits LIMITS = new SignalLimits(1_000, 100, Duration.ofDays(7));
  private final SignalValidator validator =
      new SignalValidator(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5), LIMITS);

  @Test
  void aMessageIsDecodedUpToTheSizeLimitAndNotPastIt() {
    assertThat(validator.checkSize(1_000)).isEmpty();
    assertThat(validator.checkSize(1_001)).contains(new Violation(Rejection.MESSAGE_TOO_LARGE,
        "data: 1001 bytes, more than max-message-bytes 1000"));
  }

  @Test
  void contextIsBoundedInUtf8Bytes() {
    assertThat(validator.check(play("u", "t", NOW).toBuilder().setContext("a".repeat(100)).build())).isEmpty();
    // 50 two-byte characters and one more: 102 bytes, though only 51 characters.
    assertThat(validator.check(play("u", "t", NOW).toBuilder().setContext("é".repeat(51)).build()))
        .map(Violation::reason).contains(Rejection.FIELD_TOO_LARGE);
  }

  @Test
  void occurredAtMustLieBetweenMaxAgeAgoAndMaxClockSkewAhead() {
    assertThat(validator.check(play("u", "t", NOW.minus(Duration.ofDays(7))))).isEmpty();
    assertThat(validator.check(play("u", "t", NOW.plus(Duration.ofMinutes(5))))).isEmpty();
    assertThat(reason(play("u", "t", NOW.minus(Duration.ofDays(7)).minusMillis(1))))
        .isEqualTo(Rejection.TIMESTAMP_OUT_OF_RANGE);
    assertThat(reason(play("u", "t", NOW.plus(Duration.ofMinutes(5)).plusMillis(1))))
        .isEqualTo(Rejection.TIMESTAMP_OUT_OF_RANGE);
    assertThat(reason(play("u", "t", Instant.parse("1999-12-31T23:59:59Z"))))
        .isEqualTo(Rejection.TIMESTAMP_OUT_OF_RANGE);
  }

  @Test
  void secondsOutsideTheTimestampRangeAreRejectedNotThrown() {
    for (long seconds : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 253_402_300_800L}) {
      var signal = play("u", "t", NOW).toBuilder()
          .setOccurredAt(Timestamp.newBuilder().setSeconds(seconds)).build();
      assertThat(validator.check(signal)).map(Violation::detail).get().asString()
          .startsWith("occurred_at: seconds " + seconds + " is outside");
    }
  }

  @Test
  void aMissingTimestampIsStillAnInvalidSignal() {
    assertThat(reason(play("u", "t", NOW).toBuilder().clearOccurredAt().build()))
        .isEqualTo(Rejection.INVALID_SIGNAL);
  }

  private Rejection reason(dev.homeshelves.api.v1.UserSignal s) {
    return validator.check(s).orElseThrow().reason();
  }
}
