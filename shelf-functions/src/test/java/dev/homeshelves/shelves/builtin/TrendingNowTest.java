package dev.homeshelves.shelves.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.shelves.ItemKind;
import dev.homeshelves.shelves.Trending;
import dev.homeshelves.shelves.TrendingItem;
import dev.homeshelves.shelves.testing.MusicFixture;
import dev.homeshelves.shelves.testing.Run;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendingNowTest {
  private final MusicFixture music = MusicFixture.standard();

  @Test
  void newUserSeesTheMostPlayedTracksWithTheirCounts() {
    var ctx = music.user("brand-new").trending(new Trending(Duration.ofHours(1), List.of(
        new TrendingItem("one", 50), new TrendingItem("hello", 120), new TrendingItem("gone", 900)))).build();

    var shelf = Run.shelf(new TrendingNow(), ctx).orElseThrow();

    assertThat(shelf.title()).isEqualTo("Trending now");
    assertThat(Run.ids(shelf)).containsExactly("hello", "one");
    assertThat(shelf.cards().get(0).reason()).isEqualTo("120 plays in the last hour");
    assertThat(shelf.cards().get(0).score()).isEqualTo(120.0);
  }

  @Test
  void trendingArtistBecomesAnArtistCard() {
    var ctx = music.user("u").trending(new Trending(Duration.ofDays(1), List.of(
        new TrendingItem("metallica", 7)))).build();

    var card = Run.shelf(new TrendingNow(), ctx).orElseThrow().cards().get(0);

    assertThat(card.kind()).isEqualTo(ItemKind.ARTIST);
    assertThat(card.title()).isEqualTo("Metallica");
    assertThat(card.reason()).isEqualTo("7 plays in the last day");
  }

  @Test
  void nothingTrendingMeansNoShelf() {
    assertThat(Run.shelf(new TrendingNow(), music.user("u").build())).isEmpty();
  }
}
