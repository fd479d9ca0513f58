package dev.homeshelves.service.store;

/**
 * The names of the Bigtable tables and column families: one source for the service (which
 * creates them, see {@code Tables}) and the pipeline (which reads and writes the same rows).
 */
public final class TableLayout {

  public static final String SHELVES = "shelves";
  public static final String SHELVES_FAMILY = "s";
  public static final String PLAYS = "plays";
  public static final String PLAYS_FAMILY = "p";
  public static final String EVENTS_FAMILY = "e";
  public static final String TRENDING = "trending";
  public static final String TRENDING_FAMILY = "t";
  public static final String FOLLOWS = "follows";
  public static final String FOLLOWS_FAMILY = "f";
  public static final String LIKES_FAMILY = "l";
  public static final String RECOMPUTE = "recompute";
  public static final String OWED_FAMILY = "d";
  public static final String LEASE_FAMILY = "l";
  public static final String CONFIG = "config";
  public static final String CONFIG_FAMILY = "c";

  private TableLayout() {}
}
