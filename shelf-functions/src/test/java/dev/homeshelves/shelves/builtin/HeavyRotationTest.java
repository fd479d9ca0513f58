package dev.homeshelves.shelves.builtin;

import static dev.homeshelves.shelves.testing.MusicFixture.plays;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.shelves.Play;
import dev.homeshelves.shelves.testing.MusicFixture;
import dev.homeshelves.shelves.testing.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeavyRotationTest {
  private final MusicFixture music = MusicFixture.standard();

  private List<Play> history() {
    List<Play> plays = new ArrayList<>();
    plays.addAll(plays("one", 5, ofDays(3)));
    plays.addAll(plays("hello", 8, ofDays(20)));
    plays.addAll(plays("so-what", 3, ofHours(1)));
    plays.addAll(plays("skyfall", 2, ofHours(5)));
    plays.addAll(plays("take-five", 30, ofDays(40)));
    return plays;
  }

  @Test
  void mostPlayedTracksOfTheLastFourWeeksComeFirst() {
    var shelf = Run.shelf(new HeavyRotation(), music.user("u").plays(history()).build()).orElseThrow();

    assertThat(shelf.title()).isEqualTo("Your heavy rotation");
    assertThat(Run.ids(shelf)).containsExactly("hello", "one", "so-what");
    assertThat(shelf.cards().get(0).reason()).isEqualTo("Played 8 times in the last 28 days");
  }

  @Test
  void playsOutsideTheWindowDoNotCount() {
    var shelf = Run.shelf(new HeavyRotation(), music.user("u").plays(history()).build()).orElseThrow();

    assertThat(Run.ids(shelf)).doesNotContain("take-five");
  }

  @Test
  void tracksBelowMinPlaysAreLeftOut() {
    var shelf = Run.shelf(new HeavyRotation(), music.user("u").plays(history()).build(),
        Map.of("min-plays", "2", "window", "60d")).orElseThrow();

    assertThat(Run.ids(shelf)).containsExactly("take-five", "hello", "one", "so-what", "skyfall");
  }

  @Test
  void equalCountsAreOrderedByTheMostRecentPlay() {
    List<Play> plays = new ArrayList<>(plays("one", 3, ofDays(5)));
    plays.addAll(plays("hello", 3, ofDays(1)));

    var shelf = Run.shelf(new HeavyRotation(), music.user("u").plays(plays).build()).orElseThrow();

    assertThat(Run.ids(shelf)).containsExactly("hello", "one");
  }

  @Test
  void userWithoutRepeatPlaysGetsNoShelf() {
    var ctx = music.user("u").plays(plays("one", 2, ofDays(1))).build();

    assertThat(Run.shelf(new HeavyRotation(), ctx)).isEmpty();
  }
}
