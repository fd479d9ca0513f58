package dev.homeshelves.shelves.builtin;

import static dev.homeshelves.shelves.testing.MusicFixture.play;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.ItemKind;
import dev.homeshelves.shelves.testing.MusicFixture;
import dev.homeshelves.shelves.testing.Run;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentlyPlayedTest {
  private final MusicFixture music = MusicFixture.standard();

  @Test
  void showsDistinctTracksNewestFirstSayingWhenTheyWerePlayed() {
    var ctx = music.user("u1").plays(List.of(
        play("so-what", ofDays(2)), play("hello", ofHours(3)), play("one", ofHours(2)),
        play("hello", ofMinutes(30)))).build();

    var shelf = Run.shelf(new RecentlyPlayed(), ctx).orElseThrow();

    assertThat(shelf.title()).isEqualTo("Jump back in");
    assertThat(Run.ids(shelf)).containsExactly("hello", "one", "so-what");
    assertThat(shelf.cards()).extracting(Card::reason).containsExactly(
        "You played this 30 minutes ago", "You played this 2 hours ago", "You played this 2 days ago");
    assertThat(shelf.cards().get(0).subtitle()).isEqualTo("Adele");
  }

  @Test
  void sizeParamCapsTheRow() {
    var ctx = music.user("u1").plays(List.of(
        play("hello", ofHours(1)), play("one", ofHours(2)), play("so-what", ofHours(3)))).build();

    var shelf = Run.shelf(new RecentlyPlayed(), ctx, Map.of("size", "2")).orElseThrow();

    assertThat(Run.ids(shelf)).containsExactly("hello", "one");
    assertThat(shelf.paramOverrides()).containsEntry("size", "2");
  }

  @Test
  void artistsVariantShowsEachRecentArtistOnce() {
    var ctx = music.user("u1").plays(List.of(
        play("hello", ofMinutes(30)), play("one", ofHours(2)), play("skyfall", ofHours(3)))).build();

    var shelf = Run.shelf(new RecentlyPlayed(), ctx, Map.of("artists", "true")).orElseThrow();

    assertThat(Run.ids(shelf)).containsExactly("adele", "metallica");
    assertThat(shelf.cards()).extracting(Card::kind).containsOnly(ItemKind.ARTIST);
    assertThat(shelf.cards().get(0).reason()).isEqualTo("You played this 30 minutes ago");
  }

  @Test
  void tracksMissingFromTheCatalogAreSkipped() {
    var ctx = music.user("u1").plays(List.of(play("deleted-track", ofHours(1)), play("one", ofHours(2)))).build();

    assertThat(Run.ids(Run.shelf(new RecentlyPlayed(), ctx).orElseThrow())).containsExactly("one");
  }

  @Test
  void newUserGetsNoShelf() {
    assertThat(Run.shelf(new RecentlyPlayed(), music.user("new").build())).isEmpty();
  }
}
