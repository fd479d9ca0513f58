package dev.homeshelves.service.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.homeshelves.api.v1.Experiment;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an experiment file (the proto3 JSON form of {@code homeshelves.v1.Experiment}) with
 * errors a person can act on: a missing file says "no such file", a syntax error or an unknown
 * field gives {@code FILE:LINE:COLUMN} and the line with a caret under the spot.
 */
final class ExperimentFile {

  private static final Pattern GSON_LOCATION = Pattern.compile(" at line (\\d+) column (\\d+)( path \\S+)?");
  private static final Pattern UNKNOWN_FIELD = Pattern.compile("Cannot find field: (\\S+) in message (\\S+)");

  private ExperimentFile() {}

  /** The experiment in {@code file}; throws {@link UsageException} saying what is wrong and where. */
  static Experiment read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UsageException("no such file: " + file);
    } catch (IOException e) {
      throw new UsageException(file + " cannot be read: " + e.getMessage());
    }
    checkSyntax(file, text);
    try {
      Experiment.Builder builder = Experiment.newBuilder();
      JsonFormat.parser().merge(text, builder);
      return builder.build();
    } catch (InvalidProtocolBufferException e) {
      throw new UsageException(describeMappingError(file, text, e.getMessage()));
    }
  }

  /**
   * Strict JSON first: the proto parser reads JSON leniently, so a trailing comma became a null
   * list element and an error without a position.
   */
  private static void checkSyntax(Path file, String text) {
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      new GsonBuilder().setStrictness(Strictness.STRICT).create().fromJson(reader, JsonElement.class);
    } catch (JsonParseException | IOException e) {
      // Gson wraps its MalformedJsonException, whose message carries the position.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String message = cause.getMessage() == null ? cause.getClass().getSimpleName()
          : cause.getMessage().lines().findFirst().orElse("");
      Matcher at = GSON_LOCATION.matcher(message);
      if (!at.find()) {
        throw new UsageException(file + ": not valid JSON: " + message);
      }
      int line = Integer.parseInt(at.group(1));
      int column = Integer.parseInt(at.group(2));
      int comma = trailingComma(text, offset(text, line, column));
      if (comma >= 0) {
        throw new UsageException(located(file, text, lineOf(text, comma), columnOf(text, comma),
            "not valid JSON: a trailing comma (JSON allows none before ] or })"));
      }
      String what = message.substring(0, at.start()).strip()
          .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
      throw new UsageException(located(file, text, line, column, "not valid JSON: " + what));
    }
  }

  /** The proto parser names an unknown field but not where it is: find the key in the text. */
  private static String describeMappingError(Path file, String text, String message) {
    Matcher unknown = UNKNOWN_FIELD.matcher(message);
    if (unknown.find()) {
      Matcher key = Pattern.compile("\"" + Pattern.quote(unknown.group(1)) + "\"\\s*:").matcher(text);
      String rule = "unknown field \"" + unknown.group(1) + "\" in " + unknown.group(2)
          + " (docs/experiments.md lists the fields)";
      if (key.find()) {
        return located(file, text, lineOf(text, key.start()), columnOf(text, key.start()), rule);
      }
      return file + ": " + rule;
    }
    return file + ": not a valid experiment: " + message;
  }

  /** {@code FILE:LINE:COLUMN: what}, then the line and a caret under the column. */
  private static String located(Path file, String text, int line, int column, String what) {
    String source = text.lines().skip(line - 1).findFirst().orElse("");
    return file + ":" + line + ":" + column + ": " + what + System.lineSeparator()
        + "  " + source + System.lineSeparator()
        + "  " + " ".repeat(Math.max(0, column - 1)) + "^";
  }

  /** The offset of (line, column), both from 1, in {@code text}. */
  private static int offset(String text, int line, int column) {
    int offset = 0;
    for (int l = 1; l < line && offset >= 0; l++) {
      offset = text.indexOf('\n', offset) + 1;
      if (offset == 0) {
        return text.length();
      }
    }
    return Math.min(text.length(), offset + column - 1);
  }

  private static int lineOf(String text, int offset) {
    return 1 + (int) text.substring(0, offset).chars().filter(c -> c == '\n').count();
  }

  private static int columnOf(String text, int offset) {
    return offset - text.lastIndexOf('\n', offset - 1);
  }

  /**
   * The offset of a comma followed only by blanks and then the ] or } that Gson stopped at
   * (its position is just past that bracket), or -1.
   */
  private static int trailingComma(String text, int stoppedAt) {
    int i = stoppedAt - 1;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    if (i < 0 || (text.charAt(i) != ']' && text.charAt(i) != '}')) {
      return -1;
    }
    i--;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    return i >= 0 && text.charAt(i) == ',' ? i : -1;
  }
}
