package dev.homeshelves.shelves.example;

import static dev.homeshelves.shelves.testing.MusicFixture.play;
import static java.time.Duration.ofDays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.shelves.ShelfFunctions;
import dev.homeshelves.shelves.testing.MusicFixture;
import dev.homeshelves.shelves.testing.Run;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LikedNotLatelyTest {
  private final MusicFixture music = MusicFixture.standard();

  @Test
  void showsLikedTracksNotPlayedInTheWindowNewestLikeFirst() {
    var ctx = music.user("u")
        .likedTracks(List.of("so-what", "hello", "one"))
        .plays(List.of(play("hello", ofDays(2)), play("one", ofDays(30))))
        .build();

    var shelf = Run.shelf(new LikedNotLately(), ctx).orElseThrow();

    assertThat(shelf.title()).isEqualTo("Liked, not played lately");
    assertThat(Run.ids(shelf)).containsExactly("so-what", "one");
    assertThat(shelf.cards().get(0).reason()).isEqualTo("You liked this");
  }

  @Test
  void aLongerWindowLeavesOutMore() {
    var ctx = music.user("u")
        .likedTracks(List.of("so-what", "one"))
        .plays(List.of(play("one", ofDays(30))))
        .build();

    var shelf = Run.shelf(new LikedNotLately(), ctx, Map.of("window", "60d")).orElseThrow();

    assertThat(Run.ids(shelf)).containsExactly("so-what");
  }

  @Test
  void userWithoutLikesGetsNoShelf() {
    assertThat(Run.shelf(new LikedNotLately(), music.user("u").build())).isEmpty();
  }

  @Test
  void isDiscoveredWithItsParams() {
    var registered = ShelfFunctions.discover().get("example-liked-not-lately").orElseThrow();

    assertThat(registered.params()).extracting(p -> p.name()).containsExactly("window", "size");
  }
}
