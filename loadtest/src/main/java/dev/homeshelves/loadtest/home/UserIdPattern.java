package dev.homeshelves.loadtest.home;

/** The user ids `home-shelves seed` writes, so load finds seeded Homes by default. */
public final class UserIdPattern {
  /** printf pattern of a seeded user's id. */
  public static final String DEFAULT = "user-%d";

  private UserIdPattern() {}
}
