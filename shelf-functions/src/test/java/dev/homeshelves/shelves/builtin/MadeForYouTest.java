package dev.homeshelves.shelves.builtin;

import static dev.homeshelves.shelves.testing.MusicFixture.play;
import static dev.homeshelves.shelves.testing.MusicFixture.plays;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.testing.MusicFixture;
import dev.homeshelves.shelves.testing.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MadeForYouTest {
  private final MusicFixture music = MusicFixture.standard();

  @Test
  void recentTasteWinsOverOldTaste() {
    List<Play> plays = new ArrayList<>(plays("one", 4, ofDays(60)));
    plays.add(play("so-what", ofHours(2)));
    plays.add(play("so-what", ofHours(3)));

    var shelf = Run.shelf(new MadeForYou(), music.user("u").plays(plays).build()).orElseThrow();

    assertThat(shelf.title()).isEqualTo("Made for you");
    assertThat(Run.ids(shelf).subList(0, 2)).containsExactlyInAnyOrder("take-five", "blue-in-green");
    assertThat(shelf.cards().get(0).reason()).isEqualTo("Because you play So What");
  }

  @Test
  void neverRecommendsWhatTheUserPlayedOrLiked() {
    var ctx = music.user("u").plays(List.of(play("hello", ofHours(1)), play("skyfall", ofDays(1))))
        .likedTracks(List.of("easy-on-me")).build();

    var shelf = Run.shelf(new MadeForYou(), ctx).orElseThrow();

    assertThat(Run.ids(shelf)).doesNotContain("hello", "skyfall", "easy-on-me");
  }

  @Test
  void diversityCapsCardsPerArtist() {
    var fixture = MusicFixture.standard()
        .track("adele-5", "Adele Five", "Adele", 0.99f, 0f, 0.01f)
        .track("adele-6", "Adele Six", "Adele", 0.98f, 0.01f, 0.01f);
    var ctx = fixture.user("u").plays(List.of(play("hello", ofHours(1)))).build();

    var shelf = Run.shelf(new MadeForYou(), ctx, Map.of("per-artist", "2")).orElseThrow();

    Map<String, Long> perArtist = shelf.cards().stream()
        .collect(Collectors.groupingBy(Card::subtitle, Collectors.counting()));
    assertThat(perArtist.get("Adele")).isEqualTo(2L);
    assertThat(perArtist.values()).allMatch(n -> n <= 2);
    assertThat(Run.ids(shelf)).contains("stay-with-me", "someone-you-loved");
  }

  @Test
  void likesAloneAreEnoughTaste() {
    var ctx = music.user("u").likedTracks(List.of("one")).build();

    var shelf = Run.shelf(new MadeForYou(), ctx).orElseThrow();

    assertThat(Run.ids(shelf).get(0)).isIn("enter-sandman", "raining-blood");
  }

  @Test
  void newUserGetsNoShelf() {
    assertThat(Run.shelf(new MadeForYou(), music.user("new").build())).isEmpty();
  }
}
