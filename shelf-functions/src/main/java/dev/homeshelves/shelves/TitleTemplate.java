package dev.homeshelves.shelves;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A shelf title with {@code {name}} placeholders: "More like {artist}". */
public record TitleTemplate(String text) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-zA-Z0-9]*)}");

  /** Checks the braces: every '{' and '}' must belong to a placeholder {@code {lowerCamel}}. */
  public TitleTemplate {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("title must not be blank");
    }
    String rest = PLACEHOLDER.matcher(text).replaceAll("");
    if (rest.contains("{") || rest.contains("}")) {
      throw new IllegalArgumentException(
          "title '" + text + "' has a '{' or '}' that is not a placeholder like {seed}");
    }
  }

  /** The placeholder names, in order of appearance. */
  public Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The title with every placeholder replaced; a missing argument is an error naming it. */
  public String fill(Map<String, String> args) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = args.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException(
            "title '" + text + "' needs {" + m.group(1) + "}; the draft gave " + args.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
