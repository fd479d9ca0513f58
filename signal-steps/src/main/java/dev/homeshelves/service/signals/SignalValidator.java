package dev.homeshelves.service.signals;

import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import dev.homeshelves.service.signals.SignalParser.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules a message and its {@link UserSignal} must meet before the worker stores anything
 * from it: the size of the encoded message (checked before decoding), then the fields.
 */
public final class SignalValidator {

  // Same rule as GetHome's user_id, so every stored user can be served.
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  // Printable ASCII without spaces: ids end up in Bigtable row keys and qualifiers.
  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,256}");
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  // google.protobuf.Timestamp's own range (0001-01-01 to 9999-12-31); outside it the value is
  // not a timestamp at all, and Instant arithmetic on it could overflow.
  private static final long TIMESTAMP_MIN_SECONDS = -62_135_596_800L;
  private static final long TIMESTAMP_MAX_SECONDS = 253_402_300_799L;
  private static final long MAX_MS_PLAYED = Duration.ofHours(24).toMillis();

  private final Clock clock;
  private final Duration maxClockSkew;
  private final SignalLimits limits;

  public SignalValidator(Clock clock, Duration maxClockSkew, SignalLimits limits) {
    this.clock = clock;
    this.maxClockSkew = maxClockSkew;
    this.limits = limits;
  }

  /** A broken rule: the dead-letter reason and a detail naming the field and the rule. */
  public record Violation(Rejection reason, String detail) {}

  /**
   * Whether a message of {@code encodedBytes} may be decoded at all: a larger one would cost
   * memory and CPU to parse and, as protobuf keeps unknown fields, would be stored whole.
   */
  public Optional<Violation> checkSize(int encodedBytes) {
    if (encodedBytes > limits.maxMessageBytes()) {
      return Optional.of(new Violation(Rejection.MESSAGE_TOO_LARGE, "data: " + encodedBytes
          + " bytes, more than max-message-bytes " + limits.maxMessageBytes()));
    }
    return Optional.empty();
  }

  /** The first rule {@code s} breaks, or empty when it is valid. */
  public Optional<Violation> check(UserSignal s) {
    if (s.getEventId().isEmpty()) {
      return invalid("event_id: required");
    }
    if (!ID.matcher(s.getEventId()).matches()) {
      return invalid("event_id: must be 1 to 256 printable ASCII characters without spaces");
    }
    if (s.getUserId().isEmpty()) {
      return invalid("user_id: required");
    }
    if (!USER_ID.matcher(s.getUserId()).matches()) {
      return invalid("user_id: must be 1 to 128 characters of [A-Za-z0-9._:@-]");
    }
    if (s.getKind() == SignalKind.SIGNAL_KIND_UNSPECIFIED || s.getKind() == SignalKind.UNRECOGNIZED) {
      return invalid("kind: must be one of PLAY, SKIP, LIKE, FOLLOW_ARTIST, UNFOLLOW_ARTIST (got "
          + (s.getKind() == SignalKind.UNRECOGNIZED ? "number " + s.getKindValue() : "none") + ")");
    }
    if (s.getItemId().isEmpty()) {
      return invalid("item_id: required");
    }
    if (!ID.matcher(s.getItemId()).matches()) {
      return invalid("item_id: must be 1 to 256 printable ASCII characters without spaces");
    }
    if (s.getMsPlayed() < 0 || s.getMsPlayed() > MAX_MS_PLAYED) {
      return invalid("ms_played: must be between 0 and " + MAX_MS_PLAYED + " (24 h)");
    }
    // Counted in UTF-8 bytes, as it is stored; cheap: the whole message is already bounded.
    int contextBytes = s.getContextBytes().size();
    if (contextBytes > limits.maxContextBytes()) {
      return Optional.of(new Violation(Rejection.FIELD_TOO_LARGE, "context: " + contextBytes
          + " bytes, more than max-context-bytes " + limits.maxContextBytes()));
    }
    if (!s.hasOccurredAt()) {
      return invalid("occurred_at: required");
    }
    var ts = s.getOccurredAt();
    if (ts.getNanos() < 0 || ts.getNanos() > 999_999_999) {
      return invalid("occurred_at: nanos must be between 0 and 999999999");
    }
    if (ts.getSeconds() < TIMESTAMP_MIN_SECONDS || ts.getSeconds() > TIMESTAMP_MAX_SECONDS) {
      return outOfRange("occurred_at: seconds " + ts.getSeconds()
          + " is outside google.protobuf.Timestamp's range (years 0001 to 9999)");
    }
    var at = Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    if (at.isBefore(EARLIEST)) {
      return outOfRange("occurred_at: " + at + " is before " + EARLIEST);
    }
    var now = clock.instant();
    if (at.isBefore(now.minus(limits.maxAge()))) {
      return outOfRange("occurred_at: " + at + " is more than max-age " + limits.maxAge() + " ago");
    }
    if (at.isAfter(now.plus(maxClockSkew))) {
      return outOfRange("occurred_at: " + at + " is more than max-clock-skew " + maxClockSkew
          + " in the future");
    }
    return Optional.empty();
  }

  private static Optional<Violation> invalid(String detail) {
    return Optional.of(new Violation(Rejection.INVALID_SIGNAL, detail));
  }

  private static Optional<Violation> outOfRange(String detail) {
    return Optional.of(new Violation(Rejection.TIMESTAMP_OUT_OF_RANGE, detail));
  }
}
