package dev.homeshelves.service.signals;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.pubsub.v1.PubsubMessage;
import dev.homeshelves.api.v1.UserSignal;
import java.nio.charset.StandardCharsets;

/**
 * Turns a Pub/Sub message into a {@link UserSignal}: binary protobuf by default, proto3 JSON
 * when the attribute {@code content-type} is {@code application/json}; then validates it. A
 * message over the size limit is rejected before it is decoded.
 */
public final class SignalParser {

  /** The attribute naming the payload's encoding. */
  public static final String CONTENT_TYPE = "content-type";
  public static final String JSON = "application/json";
  public static final String PROTOBUF = "application/x-protobuf";

  // Unknown fields are ignored so newer publishers can add fields; an unknown enum name then
  // reads as SIGNAL_KIND_UNSPECIFIED and is rejected by validation, naming the field.
  private final JsonFormat.Parser json = JsonFormat.parser().ignoringUnknownFields();
  private final SignalValidator validator;

  public SignalParser(SignalValidator validator) {
    this.validator = validator;
  }

  /** The signal, or why the message cannot be one. */
  public ParseResult parse(PubsubMessage message) {
    var tooLarge = validator.checkSize(message.getData().size());
    if (tooLarge.isPresent()) {
      return new ParseResult.Rejected(tooLarge.get().reason(), tooLarge.get().detail());
    }
    var contentType = message.getAttributesOrDefault(CONTENT_TYPE, PROTOBUF).trim();
    UserSignal signal;
    if (contentType.regionMatches(true, 0, JSON, 0, JSON.length())) {
      try {
        var builder = UserSignal.newBuilder();
        json.merge(message.getData().toString(StandardCharsets.UTF_8), builder);
        signal = builder.build();
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        return new ParseResult.Rejected(Rejection.MALFORMED_JSON,
            "data is not a proto3 JSON UserSignal: " + e.getMessage());
      }
    } else if (contentType.equalsIgnoreCase(PROTOBUF)) {
      try {
        signal = UserSignal.parseFrom(message.getData());
      } catch (InvalidProtocolBufferException e) {
        return new ParseResult.Rejected(Rejection.MALFORMED_PROTOBUF,
            "data is not a binary UserSignal: " + e.getMessage());
      }
    } else {
      return new ParseResult.Rejected(Rejection.UNSUPPORTED_CONTENT_TYPE,
          CONTENT_TYPE + " '" + contentType + "' is neither " + JSON + " nor " + PROTOBUF);
    }
    return validator.check(signal)
        .<ParseResult>map(v -> new ParseResult.Rejected(v.reason(), v.detail()))
        .orElseGet(() -> new ParseResult.Parsed(signal));
  }

  /** The outcome of parsing one message. */
  public sealed interface ParseResult {
    /** A valid signal. */
    record Parsed(UserSignal signal) implements ParseResult {}

    /** Not a valid signal: {@code detail} names the field and the rule, for the dead letter. */
    record Rejected(Rejection reason, String detail) implements ParseResult {}
  }

  /** Why a message was dead-lettered; the attribute value is the lower-case name. */
  public enum Rejection {
    MALFORMED_PROTOBUF, MALFORMED_JSON, UNSUPPORTED_CONTENT_TYPE, INVALID_SIGNAL,
    MESSAGE_TOO_LARGE, FIELD_TOO_LARGE, TIMESTAMP_OUT_OF_RANGE;

    public String attributeValue() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
