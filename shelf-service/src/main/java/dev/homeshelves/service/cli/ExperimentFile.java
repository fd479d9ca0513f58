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
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      Matcher at = GSON_LOCATION.matcher(message);
      if (!at.find()) {
        throw new UsageException(file + ": not valid JSON: " + message);
      }
      int line = Integer.parseInt(at.group(1));
      int column = Integer.parseInt(at.group(2));
      String what = message.substring(0, at.start()).strip();
      if (precededByComma(text, line, column)) {
        what += " (a trailing comma? JSON allows none before ] or })";
      }
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
        int line = 1 + (int) text.substring(0, key.start()).chars().filter(c -> c == '\n').count();
        int column = key.start() - text.lastIndexOf('\n', key.start() - 1);
        return located(file, text, line, column, rule);
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

  /** True when the last non-blank character before (line, column) is a comma. */
  private static boolean precededByComma(String text, int line, int column) {
    int offset = 0;
    for (int l = 1; l < line; l++) {
      int next = text.indexOf('\n', offset);
      if (next < 0) {
        return false;
      }
      offset = next + 1;
    }
    for (int i = Math.min(text.length(), offset + column - 1) - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        // Gson's column points just past the token it could not read; skip that token.
        if (c == ']' || c == '}') {
          continue;
        }
        return c == ',';
      }
    }
    return false;
  }
}
