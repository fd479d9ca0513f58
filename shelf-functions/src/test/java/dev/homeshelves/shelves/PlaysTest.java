package dev.homeshelves.shelves;

import static dev.homeshelves.shelves.testing.MusicFixture.NOW;
import static dev.homeshelves.shelves.testing.MusicFixture.play;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaysTest {
  private final Plays plays = Plays.of(List.of(
      play("a", ofDays(3)), play("b", ofHours(1)), play("a", ofHours(2)), play("c", ofDays(14))));

  @Test
  void playsAreKeptNewestFirstWhateverTheInputOrder() {
    assertThat(plays.all()).extracting(Play::trackId).containsExactly("b", "a", "a", "c");
  }

  @Test
  void recentDistinctTracksKeepsEachTrackOnceAtItsLatestPlay() {
    assertThat(plays.recentDistinctTracks(10)).containsExactly("b", "a", "c");
    assertThat(plays.recentDistinctTracks(2)).containsExactly("b", "a");
  }

  @Test
  void countsSinceCountsOnlyTheWindow() {
    assertThat(plays.countsSince(NOW.minus(ofDays(7)))).containsExactly(
        java.util.Map.entry("a", 2), java.util.Map.entry("b", 1));
  }

  @Test
  void recencyWeightHalvesEveryHalfLife() {
    var weights = Plays.of(List.of(play("x", ofDays(0)), play("y", ofDays(7)), play("z", ofDays(14))))
        .recencyWeights(NOW, ofDays(7));

    assertThat(weights.get("x")).isCloseTo(1.0, within(1e-9));
    assertThat(weights.get("y")).isCloseTo(0.5, within(1e-9));
    assertThat(weights.get("z")).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void strongestTieGoesToTheMostRecentlyPlayed() {
    var tie = Plays.of(List.of(play("old", ofDays(2)), play("new", ofDays(1))));

    assertThat(tie.strongestSince(NOW.minus(ofDays(7)))).contains("new");
  }
}
