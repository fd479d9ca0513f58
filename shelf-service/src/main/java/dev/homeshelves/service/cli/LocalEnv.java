package dev.homeshelves.service.cli;

/**
 * The settings homectl takes from the environment. The bin/ launchers add the local demo's
 * endpoints and token from the file bin/run-local writes ({@code var/local.env}) for every
 * variable the environment does not set, so explicit env vars and flags win over the file.
 */
final class LocalEnv {

  private LocalEnv() {}

  /** The variable's value, or null when unset or blank. */
  static String get(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Where bin/run-local writes the local endpoints, as the launcher was told (for messages). */
  static String describe() {
    String file = get("HOME_SHELVES_LOCAL_ENV");
    return file != null ? file : "var/local.env";
  }
}
