package dev.homeshelves.shelves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShelfFunctionsTest {

  @Test
  void discoveryFindsEveryBuiltInShelf() {
    var ids = ShelfFunctions.discover().ids();

    assertThat(ids).contains("recently-played", "because-you-listened", "made-for-you",
        "heavy-rotation", "more-like-artist", "trending-now");
  }

  @Test
  void discoveredShelfExposesSpecAndDeclaredParams() {
    var shelf = ShelfFunctions.discover().get("because-you-listened").orElseThrow();

    assertThat(shelf.title().text()).isEqualTo("Because you listened to {seed}");
    assertThat(shelf.title().placeholders()).containsExactly("seed");
    assertThat(shelf.description()).contains("Seed:");
    assertThat(shelf.params()).extracting(Param::name).containsExactly("window", "size", "priority");
    assertThat(shelf.params()).extracting(p -> p.type()).containsExactly(
        ParamType.DURATION, ParamType.INTEGER, ParamType.DECIMAL);
  }

  @Test
  void shelvesWrittenInTestCodeAreDiscoveredToo() {
    assertThat(ShelfFunctions.discover().get("test-always-one")).isPresent();
  }

  @Test
  void duplicateIdsAreRejectedNamingBothClasses() {
    assertThatThrownBy(() -> ShelfFunctions.ofDeclared(List.of(
        declared(new AlwaysOne(), "test-always-one", "A"),
        declared(new Unannotated(), "test-always-one", "B"))))
        .isInstanceOf(ShelfDiscoveryException.class)
        .hasMessageContaining("duplicate shelf id 'test-always-one'")
        .hasMessageContaining(AlwaysOne.class.getName())
        .hasMessageContaining(Unannotated.class.getName());
  }

  @Test
  void functionWithoutSpecIsRejected() {
    assertThatThrownBy(() -> ShelfFunctions.of(List.of(new Unannotated())))
        .isInstanceOf(ShelfDiscoveryException.class)
        .hasMessageContaining("has no @ShelfSpec");
  }

  @Test
  void badIdIsRejectedWithTheRule() {
    assertThatThrownBy(() -> ShelfFunctions.ofDeclared(List.of(declared(new Unannotated(), "Bad_Id", "T"))))
        .isInstanceOf(ShelfDiscoveryException.class)
        .hasMessageContaining("shelf id 'Bad_Id'")
        .hasMessageContaining("lower-case words joined by '-'");
  }

  @Test
  void titleWithStrayBraceIsRejected() {
    assertThatThrownBy(() -> ShelfFunctions.ofDeclared(List.of(declared(new Unannotated(), "bad-title", "Like {artist"))))
        .isInstanceOf(ShelfDiscoveryException.class)
        .hasMessageContaining("bad-title")
        .hasMessageContaining("not a placeholder");
  }

  @Test
  void paramNameDeclaredTwiceIsRejected() {
    assertThatThrownBy(() -> ShelfFunctions.ofDeclared(List.of(declared(new TwiceSize(), "twice", "T"))))
        .isInstanceOf(ShelfDiscoveryException.class)
        .hasMessageContaining("declares param 'size' twice");
  }

  @Test
  void draftMissingATitleArgumentFailsNamingThePlaceholder() {
    var shelf = ShelfFunctions.ofDeclared(
        List.of(declared(new AlwaysOne(), "forgets", "More like {artist}"))).all().get(0);
    var ctx = ShelfContext.builder().userId("u").now(java.time.Instant.EPOCH).build();

    assertThatThrownBy(() -> shelf.compute(ctx))
        .hasMessageContaining("needs {artist}");
  }

  /** Registered in test code through the same annotation processor as the built-ins. */
  @ShelfSpec(id = "test-always-one", title = "Always one")
  public static final class AlwaysOne implements ShelfFunction {
    @Override
    public Optional<ShelfDraft> compute(ShelfContext ctx) {
      return ShelfDraft.builder()
          .card(new Card("x", ItemKind.TRACK, "X", "Someone", 1, "always"))
          .buildIfAny();
    }
  }

  private static ShelfFunctions.Declared declared(ShelfFunction f, String id, String title) {
    return new ShelfFunctions.Declared(f, id, title, "");
  }

  // Not annotated, so not on the service list: discovery in other tests stays valid.
  static final class Unannotated implements ShelfFunction {
    @Override
    public Optional<ShelfDraft> compute(ShelfContext ctx) {
      return Optional.empty();
    }
  }

  static final class TwiceSize implements ShelfFunction {
    static final Param<Integer> SIZE = Param.integer("size", 1);
    static final Param<Integer> ALSO_SIZE = Param.integer("size", 2);

    @Override
    public Optional<ShelfDraft> compute(ShelfContext ctx) {
      return Optional.empty();
    }
  }
}
