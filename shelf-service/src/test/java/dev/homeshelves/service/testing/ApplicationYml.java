package dev.homeshelves.service.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The application's own application.yml, flattened: every setting, its default, and the
 * environment variables that set it (Micronaut's mapping of the key, plus any {@code ${VAR:...}}
 * placeholder in its value). Tests that check deployment files against the application use it.
 */
public final class ApplicationYml {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+):([^}]*)}");

  private final Map<String, Object> settings;

  private ApplicationYml(Map<String, Object> settings) {
    this.settings = settings;
  }

  /** Reads application.yml from the class path. */
  public static ApplicationYml load() {
    try (InputStream in = ApplicationYml.class.getResourceAsStream("/application.yml")) {
      Map<String, Object> tree = new Yaml().load(in);
      Map<String, Object> flat = new LinkedHashMap<>();
      flatten("", tree, flat);
      return new ApplicationYml(flat);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read application.yml", e);
    }
  }

  /** The default of {@code key}, with a placeholder's default resolved; empty when the key is absent. */
  public Optional<String> defaultOf(String key) {
    return Optional.ofNullable(settings.get(key)).map(String::valueOf).map(value -> {
      Matcher m = PLACEHOLDER.matcher(value);
      return m.matches() ? m.group(2) : value;
    });
  }

  /**
   * Every environment variable that sets something: Micronaut's name for each key
   * (home-shelves.home.read-deadline → HOME_SHELVES_HOME_READ_DEADLINE) and every placeholder.
   */
  public Set<String> environmentVariables() {
    Set<String> names = new TreeSet<>();
    settings.forEach((key, value) -> {
      names.add(key.toUpperCase().replace('.', '_').replace('-', '_'));
      Matcher m = PLACEHOLDER.matcher(String.valueOf(value));
      while (m.find()) {
        names.add(m.group(1));
      }
    });
    return names;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> flat) {
    tree.forEach((key, value) -> {
      String name = prefix.isEmpty() ? key : prefix + "." + key;
      if (value instanceof Map<?, ?> child) {
        flatten(name, (Map<String, Object>) child, flat);
      } else {
        flat.put(name, value);
      }
    });
  }
}
