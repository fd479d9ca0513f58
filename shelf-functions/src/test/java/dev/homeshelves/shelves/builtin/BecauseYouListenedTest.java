package dev.homeshelves.shelves.builtin;

import static dev.homeshelves.shelves.testing.MusicFixture.play;
import static dev.homeshelves.shelves.testing.MusicFixture.plays;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.testing.MusicFixture;
import dev.homeshelves.shelves.testing.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BecauseYouListenedTest {
  private final MusicFixture music = MusicFixture.standard();

  private List<Play> history() {
    List<Play> plays = new ArrayList<>(plays("hello", 3, ofDays(1)));
    plays.add(play("one", ofHours(1)));
    plays.add(play("skyfall", ofDays(2)));
    plays.addAll(plays("so-what", 10, ofDays(10)));
    return plays;
  }

  @Test
  void seedIsTheTrackPlayedLongestInTheWeekAndNeighboursFollowIt() {
    var shelf = Run.shelf(new BecauseYouListened(), music.user("u1").plays(history()).build()).orElseThrow();

    assertThat(shelf.title()).isEqualTo("Because you listened to Hello");
    assertThat(shelf.seedIds()).containsExactly("hello");
    assertThat(Run.ids(shelf).subList(0, 3)).containsExactly("someone-like-you", "easy-on-me", "someone-you-loved");
    assertThat(shelf.cards()).extracting(Card::reason).containsOnly("Similar to Hello");
  }

  @Test
  void tracksHeardInTheWindowAreExcluded() {
    var shelf = Run.shelf(new BecauseYouListened(), music.user("u1").plays(history()).build()).orElseThrow();

    assertThat(Run.ids(shelf)).doesNotContain("hello", "one", "skyfall").contains("so-what");
  }

  @Test
  void longerWindowFindsAnOlderStrongerSeed() {
    var ctx = music.user("u1").plays(history()).build();

    var shelf = Run.shelf(new BecauseYouListened(), ctx, Map.of("window", "30d")).orElseThrow();

    assertThat(shelf.title()).isEqualTo("Because you listened to So What");
    assertThat(Run.ids(shelf).get(0)).isIn("blue-in-green", "take-five");
  }

  @Test
  void strengthIsTimeListenedNotNumberOfPlays() {
    List<Play> plays = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      plays.add(play("one", ofHours(i), ofSeconds(10).toMillis()));
    }
    plays.add(play("so-what", ofDays(1)));

    var shelf = Run.shelf(new BecauseYouListened(), music.user("u1").plays(plays).build()).orElseThrow();

    assertThat(shelf.seedIds()).containsExactly("so-what");
  }

  @Test
  void noPlayInTheWindowMeansNoShelf() {
    var ctx = music.user("u1").plays(plays("so-what", 3, ofDays(20))).build();

    assertThat(Run.shelf(new BecauseYouListened(), ctx)).isEmpty();
  }
}
