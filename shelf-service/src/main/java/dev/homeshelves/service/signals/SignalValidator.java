package dev.homeshelves.service.signals;

import dev.homeshelves.api.v1.SignalKind;
import dev.homeshelves.api.v1.UserSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules a {@link UserSignal} must meet before the worker stores anything from it. */
public final class SignalValidator {

  // Same rule as GetHome's user_id, so every stored user can be served.
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  // Printable ASCII without spaces: ids end up in Bigtable row keys and qualifiers.
  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,256}");
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final long MAX_MS_PLAYED = Duration.ofHours(24).toMillis();

  private final Clock clock;
  private final Duration maxClockSkew;

  public SignalValidator(Clock clock, Duration maxClockSkew) {
    this.clock = clock;
    this.maxClockSkew = maxClockSkew;
  }

  /** The first rule {@code s} breaks, as "field: rule", or empty when it is valid. */
  public Optional<String> check(UserSignal s) {
    if (s.getEventId().isEmpty()) {
      return problem("event_id: required");
    }
    if (!ID.matcher(s.getEventId()).matches()) {
      return problem("event_id: must be 1 to 256 printable ASCII characters without spaces");
    }
    if (s.getUserId().isEmpty()) {
      return problem("user_id: required");
    }
    if (!USER_ID.matcher(s.getUserId()).matches()) {
      return problem("user_id: must be 1 to 128 characters of [A-Za-z0-9._:@-]");
    }
    if (s.getKind() == SignalKind.SIGNAL_KIND_UNSPECIFIED || s.getKind() == SignalKind.UNRECOGNIZED) {
      return problem("kind: must be one of PLAY, SKIP, LIKE, FOLLOW_ARTIST, UNFOLLOW_ARTIST (got "
          + (s.getKind() == SignalKind.UNRECOGNIZED ? "number " + s.getKindValue() : "none") + ")");
    }
    if (s.getItemId().isEmpty()) {
      return problem("item_id: required");
    }
    if (!ID.matcher(s.getItemId()).matches()) {
      return problem("item_id: must be 1 to 256 printable ASCII characters without spaces");
    }
    if (s.getMsPlayed() < 0 || s.getMsPlayed() > MAX_MS_PLAYED) {
      return problem("ms_played: must be between 0 and " + MAX_MS_PLAYED + " (24 h)");
    }
    if (!s.hasOccurredAt()) {
      return problem("occurred_at: required");
    }
    var ts = s.getOccurredAt();
    if (ts.getNanos() < 0 || ts.getNanos() > 999_999_999) {
      return problem("occurred_at: nanos must be between 0 and 999999999");
    }
    var at = Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    if (at.isBefore(EARLIEST)) {
      return problem("occurred_at: must not be before " + EARLIEST);
    }
    if (at.isAfter(clock.instant().plus(maxClockSkew))) {
      return problem("occurred_at: must not be more than " + maxClockSkew + " in the future");
    }
    return Optional.empty();
  }

  private static Optional<String> problem(String text) {
    return Optional.of(text);
  }
}
