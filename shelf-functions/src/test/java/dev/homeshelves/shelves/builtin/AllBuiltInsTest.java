package dev.homeshelves.shelves.builtin;

import static dev.homeshelves.shelves.testing.MusicFixture.play;
import static dev.homeshelves.shelves.testing.MusicFixture.plays;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.embeddings.recommend.ItemStats;
import dev.homeshelves.embeddings.recommend.RecommenderModel;
import dev.homeshelves.shelves.ComputedShelf;
import dev.homeshelves.shelves.RegisteredShelf;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfFunctions;
import dev.homeshelves.shelves.Trending;
import dev.homeshelves.shelves.TrendingItem;
import dev.homeshelves.shelves.home.HomeAssembler;
import dev.homeshelves.shelves.testing.MusicFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Properties every built-in shelf must have, checked over all of them at once. */
class AllBuiltInsTest {
  private static final List<String> BUILT_INS = List.of("recently-played", "because-you-listened",
      "made-for-you", "heavy-rotation", "more-like-artist", "trending-now");

  private final MusicFixture music = MusicFixture.standard();
  private final List<RegisteredShelf> shelves = ShelfFunctions.discover().all().stream()
      .filter(s -> BUILT_INS.contains(s.id())).toList();
  private final Trending trending = new Trending(ofHours(1), List.of(
      new TrendingItem("enter-sandman", 40), new TrendingItem("hello", 30)));

  private ShelfContext activeUser() {
    var history = new ArrayList<>(plays("hello", 4, ofDays(2)));
    history.add(play("one", ofHours(1)));
    history.add(play("so-what", ofHours(5)));
    return music.user("u").plays(history).likedTracks(List.of("take-five"))
        .followedArtists(List.of("metallica")).trending(trending).build();
  }

  private List<ComputedShelf> runAll(ShelfContext ctx) {
    return shelves.stream().map(s -> s.compute(ctx)).flatMap(Optional::stream).toList();
  }

  @Test
  void anActiveUserGetsEveryBuiltInShelf() {
    assertThat(shelves).hasSize(BUILT_INS.size());
    assertThat(runAll(activeUser())).extracting(ComputedShelf::functionId)
        .containsExactlyInAnyOrderElementsOf(BUILT_INS);
  }

  @Test
  void builtInsRunOnTheProductionRecommender() {
    var sessions = List.of(
        List.of("hello", "someone-like-you", "stay-with-me", "too-good", "someone-you-loved", "easy-on-me"),
        List.of("one", "enter-sandman", "raining-blood", "one"),
        List.of("so-what", "blue-in-green", "take-five"));
    var model = RecommenderModel.of(music.embeddings(), ItemStats.of(sessions, ItemStats.DEFAULT_WINDOW));
    var base = activeUser();
    var ctx = music.user("u").recommender(model).plays(base.plays().all())
        .likedTracks(List.copyOf(base.likedTracks())).followedArtists(List.copyOf(base.followedArtists()))
        .trending(trending).build();

    var shelves = runAll(ctx);

    assertThat(shelves).extracting(ComputedShelf::functionId).containsExactlyInAnyOrderElementsOf(BUILT_INS);
    var because = shelves.stream().filter(s -> s.functionId().equals("because-you-listened")).findFirst().orElseThrow();
    assertThat(because.title()).isEqualTo("Because you listened to Hello");
    assertThat(because.cards().get(0).subtitle()).isIn("Adele", "Sam Smith", "Lewis Capaldi");
  }

  @Test
  void theSameContextGivesTheSameShelves() {
    assertThat(runAll(activeUser())).isEqualTo(runAll(activeUser()));
  }

  @Test
  void aNewUserGetsOnlyTrendingAndNoShelfFails() {
    var ctx = music.user("new").trending(trending).build();

    assertThat(runAll(ctx)).extracting(ComputedShelf::functionId).containsExactly("trending-now");
  }

  @Test
  void everyCardSaysWhyItIsThere() {
    assertThat(runAll(activeUser())).allSatisfy(shelf ->
        assertThat(shelf.cards()).allSatisfy(card -> assertThat(card.reason()).isNotBlank()));
  }

  @Test
  void assembledHomeStartsWithJumpBackInAndRepeatsNoCard() {
    var home = new HomeAssembler(10, 20, 1).assemble(runAll(activeUser()));

    assertThat(home.get(0).title()).isEqualTo("Jump back in");
    var keys = home.stream().flatMap(s -> s.cards().stream()).map(c -> c.key()).toList();
    assertThat(keys).doesNotHaveDuplicates();
  }
}
