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
import org.junit.jupiter.api.Test;

class MoreLikeArtistTest {
  private final MusicFixture music = MusicFixture.standard();

  @Test
  void seedIsTheArtistPlayedMostAndTheirOwnTracksAreLeftOut() {
    List<Play> plays = new ArrayList<>(plays("hello", 2, ofDays(1)));
    plays.add(play("skyfall", ofDays(2)));
    plays.add(play("one", ofHours(1)));

    var shelf = Run.shelf(new MoreLikeArtist(), music.user("u").plays(plays).build()).orElseThrow();

    assertThat(shelf.title()).isEqualTo("More like Adele");
    assertThat(shelf.seedIds()).containsExactly("adele");
    assertThat(shelf.cards()).extracting(Card::subtitle).doesNotContain("Adele");
    assertThat(Run.ids(shelf).subList(0, 3))
        .containsExactlyInAnyOrder("someone-you-loved", "stay-with-me", "too-good");
    assertThat(shelf.cards().get(0).reason()).isEqualTo("Similar to Adele");
  }

  @Test
  void withoutPlaysTheMostRecentlyFollowedArtistIsTheSeed() {
    var ctx = music.user("u").followedArtists(List.of("miles-davis", "metallica")).build();

    var shelf = Run.shelf(new MoreLikeArtist(), ctx).orElseThrow();

    assertThat(shelf.title()).isEqualTo("More like Miles Davis");
    assertThat(Run.ids(shelf).get(0)).isEqualTo("take-five");
    assertThat(shelf.inputs()).containsEntry("seed from", "follows");
  }

  @Test
  void userWithNoPlaysAndNoFollowsGetsNoShelf() {
    assertThat(Run.shelf(new MoreLikeArtist(), music.user("u").build())).isEmpty();
  }
}
