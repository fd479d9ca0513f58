package dev.homeshelves.service.store;

import com.google.cloud.bigtable.admin.v2.models.GCRules;
import com.google.cloud.bigtable.admin.v2.models.GCRules.GCRule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Bigtable tables of Home Shelves, their column families and GC policies. {@link
 * TableCreator} creates exactly what {@link #ALL} lists; add a family here and it is created
 * on the next start (when table creation is on).
 */
public final class Tables {

  /** Shelves per user: row {@code u#<userId>} (or {@link ShelfStore#DEFAULT_ROW}), one column per shelf. */
  public static final String SHELVES = TableLayout.SHELVES;
  /** Family of {@link #SHELVES}: qualifier = shelf id, value = serialized {@code homeshelves.v1.Shelf}. */
  public static final String SHELVES_FAMILY = TableLayout.SHELVES_FAMILY;
  /** Versions kept per shelf: the newest plus older ones to fall back to. */
  public static final int SHELF_VERSIONS = 3;

  /** Listening history per user, written by the signal worker. */
  public static final String PLAYS = TableLayout.PLAYS;
  /** Family of {@link #PLAYS}: one cell per play (see {@link PlayStore}). */
  public static final String PLAYS_FAMILY = TableLayout.PLAYS_FAMILY;
  /**
   * Family of {@link #PLAYS}: one marker per stored event, in its own small row (see
   * {@link PlayStore}), kept longer than Pub/Sub keeps an unacked message (7 days).
   */
  public static final String EVENTS_FAMILY = TableLayout.EVENTS_FAMILY;

  /**
   * Trending counts and the per-play claims that keep them exact (see {@link TrendingStore}).
   * A table of its own: its conditional writes never queue behind the plays table's.
   */
  public static final String TRENDING = TableLayout.TRENDING;
  /** Family of {@link #TRENDING}, kept as long as Pub/Sub keeps an unacked message (7 days). */
  public static final String TRENDING_FAMILY = TableLayout.TRENDING_FAMILY;

  /** Followed artists and liked tracks per user, written by the signal worker. */
  public static final String FOLLOWS = TableLayout.FOLLOWS;
  /** Family of {@link #FOLLOWS}: followed artists (see {@link FollowStore}). */
  public static final String FOLLOWS_FAMILY = TableLayout.FOLLOWS_FAMILY;
  /** Family of {@link #FOLLOWS}: liked tracks (see {@link FollowStore}). */
  public static final String LIKES_FAMILY = TableLayout.LIKES_FAMILY;

  /**
   * What the worker still owes users: row {@code d#<userId>} holds one cell per signal stored
   * but not yet in the user's shelves (family {@link #OWED_FAMILY}), row {@code l#<userId>} the
   * user's recompute lease (family {@link #LEASE_FAMILY}); see {@link RecomputeStore}.
   */
  public static final String RECOMPUTE = TableLayout.RECOMPUTE;
  /** Family of {@link #RECOMPUTE}: qualifier = event id, value = occurred_at millis. */
  public static final String OWED_FAMILY = TableLayout.OWED_FAMILY;
  /** Family of {@link #RECOMPUTE}: owner, until, version, attempts and reason of a user's lease. */
  public static final String LEASE_FAMILY = TableLayout.LEASE_FAMILY;

  /** Experiments and kill switches. */
  public static final String CONFIG = TableLayout.CONFIG;
  /** Family of {@link #CONFIG}. */
  public static final String CONFIG_FAMILY = TableLayout.CONFIG_FAMILY;

  /** Every table the application uses, with its families and their GC rules. */
  public static final List<TableSpec> ALL =
      List.of(
          new TableSpec(SHELVES, Map.of(SHELVES_FAMILY, GCRules.GCRULES.maxVersions(SHELF_VERSIONS))),
          new TableSpec(
              PLAYS,
              Map.of(
                  PLAYS_FAMILY, GCRules.GCRULES.maxAge(90, TimeUnit.DAYS),
                  EVENTS_FAMILY, GCRules.GCRULES.maxAge(8, TimeUnit.DAYS))),
          new TableSpec(TRENDING, Map.of(TRENDING_FAMILY, GCRules.GCRULES.maxAge(7, TimeUnit.DAYS))),
          new TableSpec(
              FOLLOWS,
              Map.of(
                  FOLLOWS_FAMILY, GCRules.GCRULES.maxVersions(1),
                  LIKES_FAMILY, GCRules.GCRULES.maxVersions(1))),
          new TableSpec(
              RECOMPUTE,
              Map.of(
                  // Owed cells are deleted by the recompute that includes them, never by GC.
                  OWED_FAMILY, GCRules.GCRULES.maxVersions(1),
                  LEASE_FAMILY, GCRules.GCRULES.maxVersions(1))),
          new TableSpec(CONFIG, Map.of(CONFIG_FAMILY, GCRules.GCRULES.maxVersions(10))));

  private Tables() {}

  /** A table id and its column families with their GC rules. */
  public record TableSpec(String tableId, Map<String, GCRule> families) {
    public TableSpec {
      families = Map.copyOf(families);
    }
  }
}
