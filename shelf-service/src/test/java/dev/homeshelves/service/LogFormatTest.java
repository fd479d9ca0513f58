package dev.homeshelves.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The application's logback.xml: readable lines by default, escaped JSON lines with LOG_FORMAT=json. */
class LogFormatTest {

  private static final String CRAFTED_USER = "user-7\"}\n{\"level\":\"ERROR\",\"forged\":true";
  private static final String CRAFTED_ATTRIBUTE = "text/plain\r\n{\"level\":\"ERROR\"}";
  private static final Pattern READABLE_THREAD = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S+\\s+\\[([^\\]]+)] ");

  @Test
  void jsonWritesOneEscapedObjectPerLineWithTheMdc() throws Exception {
    List<String> lines = logOnce("json");

    assertThat(lines).hasSize(1);
    JsonObject line = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertThat(line.get("level").getAsString()).isEqualTo("INFO");
    assertThat(line.get("loggerName").getAsString()).isEqualTo("dev.homeshelves.test");
    assertThat(line.get("formattedMessage").getAsString()).isEqualTo("content-type " + CRAFTED_ATTRIBUTE);
    assertThat(line.getAsJsonObject("mdc").get("user_id").getAsString()).isEqualTo(CRAFTED_USER);
  }

  @Test
  void readableLinesAreTheDefault() throws Exception {
    List<String> lines = logOnce(null);

    assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+] dev.homeshelves.test - content-type text/plain");
  }

  /** Configures a fresh logback context from logback.xml, logs one line, returns what it printed. */
  private static List<String> logOnce(String format) throws Exception {
    var out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    var context = new LoggerContext();
    if (context.getMDCAdapter() == null) {
      context.setMDCAdapter(new LogbackMDCAdapter());
    }
    if (format != null) {
      context.putProperty("LOG_FORMAT", format);
    }
    System.setOut(new PrintStream(out, true, UTF_8));
    try {
      var configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      context.getMDCAdapter().put("user_id", CRAFTED_USER);
      context.getLogger("dev.homeshelves.test").info("content-type {}", CRAFTED_ATTRIBUTE);
    } finally {
      context.getMDCAdapter().clear();
      System.setOut(original);
      context.stop();
    }
    String thread = Thread.currentThread().getName();
    return out.toString(UTF_8).lines().filter(l -> !l.isBlank() && !fromAnotherThread(l, thread)).toList();
  }

  /**
   * A line that names a thread other than the test's: an application another test left running
   * in this JVM logging to System.out meanwhile. Any other line (an injected one) is kept.
   */
  private static boolean fromAnotherThread(String line, String thread) {
    var readable = READABLE_THREAD.matcher(line);
    if (readable.find()) {
      return !readable.group(1).equals(thread);
    }
    try {
      JsonObject json = JsonParser.parseString(line).getAsJsonObject();
      return json.has("threadName") && !json.get("threadName").getAsString().equals(thread);
    } catch (RuntimeException notJson) {
      return false;
    }
  }
}
