package dev.homeshelves.service.signals;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.homeshelves.api.v1.UserSignal;
import java.nio.charset.StandardCharsets;

/**
 * The parse step: turns a message's bytes into a {@link UserSignal}, binary protobuf by default,
 * proto3 JSON when its {@code content-type} attribute is {@code application/json}. Whether the
 * signal is valid is the next step's question ({@link SignalValidator}).
 */
public final class SignalParser {

  /** The attribute naming the payload's encoding. */
  public static final String CONTENT_TYPE = "content-type";
  public static final String JSON = "application/json";
  public static final String PROTOBUF = "application/x-protobuf";

  // Unknown fields are ignored so newer publishers can add fields; an unknown enum name then
  // reads as SIGNAL_KIND_UNSPECIFIED and is rejected by validation, naming the field.
  private final JsonFormat.Parser json = JsonFormat.parser().ignoringUnknownFields();

  /**
   * The signal, or why the message cannot be one.
   *
   * @param contentType the message's {@value #CONTENT_TYPE} attribute, null when absent
   */
  public ParseResult parse(String contentType, ByteString data) {
    contentType = contentType == null ? PROTOBUF : contentType.trim();
    UserSignal signal;
    if (contentType.regionMatches(true, 0, JSON, 0, JSON.length())) {
      try {
        var builder = UserSignal.newBuilder();
        json.merge(data.toString(StandardCharsets.UTF_8), builder);
        signal = builder.build();
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        return new ParseResult.Rejected(Rejection.MALFORMED_JSON,
            "data is not a proto3 JSON UserSignal: " + e.getMessage());
      }
    } else if (contentType.equalsIgnoreCase(PROTOBUF)) {
      try {
        signal = UserSignal.parseFrom(data);
      } catch (InvalidProtocolBufferException e) {
        return new ParseResult.Rejected(Rejection.MALFORMED_PROTOBUF,
            "data is not a binary UserSignal: " + e.getMessage());
      }
    } else {
      return new ParseResult.Rejected(Rejection.UNSUPPORTED_CONTENT_TYPE,
          CONTENT_TYPE + " '" + contentType + "' is neither " + JSON + " nor " + PROTOBUF);
    }
    return new ParseResult.Parsed(signal);
  }

  /** The outcome of parsing one message. */
  public sealed interface ParseResult {
    /** A signal, not yet validated. */
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
