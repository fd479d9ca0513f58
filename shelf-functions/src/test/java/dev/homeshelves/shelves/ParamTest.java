package dev.homeshelves.shelves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamTest {
  static final Param<Integer> SIZE = Param.integer("size", 20).between(1, 50).describedAs("cards");
  static final Param<Double> PRIORITY = Param.decimal("priority", 0.5).between(0.0, 10.0);
  static final Param<Boolean> EXPLORE = Param.flag("explore", false);
  static final Param<String> MOOD = Param.text("mood", "any");
  static final Param<Duration> WINDOW = Param.duration("window", Duration.ofDays(7))
      .atLeast(Duration.ofMinutes(1));
  static final List<Param<?>> ALL = List.of(SIZE, PRIORITY, EXPLORE, MOOD, WINDOW);

  @Test
  void withoutOverridesEveryParamHasItsDefault() {
    var values = ParamValues.parse("s", ALL, Map.of());

    assertThat(values.get(SIZE)).isEqualTo(20);
    assertThat(values.get(WINDOW)).isEqualTo(Duration.ofDays(7));
    assertThat(values.overridesAsText()).isEmpty();
  }

  @Test
  void overridesAreParsedToTheirTypes() {
    var values = ParamValues.parse("s", ALL, Map.of(
        "size", " 8 ", "priority", "2.5", "explore", "TRUE", "mood", "calm", "window", "12h"));

    assertThat(values.get(SIZE)).isEqualTo(8);
    assertThat(values.get(PRIORITY)).isEqualTo(2.5);
    assertThat(values.get(EXPLORE)).isTrue();
    assertThat(values.get(MOOD)).isEqualTo("calm");
    assertThat(values.get(WINDOW)).isEqualTo(Duration.ofHours(12));
    assertThat(values.overridesAsText()).containsEntry("window", "12h").containsEntry("size", "8");
  }

  @Test
  void durationsAcceptShortFormsAndIso8601() {
    assertThat(WINDOW.parse("28d")).isEqualTo(Duration.ofDays(28));
    assertThat(WINDOW.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(WINDOW.parse("PT36H")).isEqualTo(Duration.ofHours(36));
    assertThat(WINDOW.format(Duration.ofDays(28))).isEqualTo("28d");
    assertThat(WINDOW.format(Duration.ofMinutes(90))).isEqualTo("90m");
  }

  @Test
  void unknownParamIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> ParamValues.parse("made-for-you", ALL, Map.of("sise", "3")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessageContaining("shelf 'made-for-you' has no param 'sise'")
        .hasMessageContaining("size, priority, explore, mood, window");
  }

  @Test
  void wrongTypeIsRejectedSayingWhatWasExpected() {
    assertThatThrownBy(() -> ParamValues.parse("s", ALL, Map.of("size", "ten")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessageContaining("param 'size'")
        .hasMessageContaining("expected an integer")
        .hasMessageContaining("'ten'");
    assertThatThrownBy(() -> EXPLORE.parse("yes")).hasMessageContaining("true or false");
    assertThatThrownBy(() -> WINDOW.parse("a week")).hasMessageContaining("a duration");
    assertThatThrownBy(() -> PRIORITY.parse("NaN")).hasMessageContaining("a decimal number");
  }

  @Test
  void outOfBoundsValueIsRejectedWithTheBound() {
    assertThatThrownBy(() -> SIZE.parse("51"))
        .isInstanceOf(InvalidParamException.class)
        .hasMessageContaining("51 is above the maximum 50");
    assertThatThrownBy(() -> WINDOW.parse("30s"))
        .hasMessageContaining("30s is below the minimum 1m");
  }

  @Test
  void defaultOutsideItsOwnBoundsIsADeclarationError() {
    assertThatThrownBy(() -> Param.integer("size", 0).between(1, 10))
        .hasMessageContaining("param 'size' default 0 is below the minimum 1");
    assertThatThrownBy(() -> Param.integer("Size", 1))
        .hasMessageContaining("lower-case words");
  }

  @Test
  void contextReturnsTheVariantsValueOrTheDefault() {
    var ctx = ShelfContext.builder().userId("u").now(java.time.Instant.EPOCH).build();

    assertThat(ctx.param(SIZE)).isEqualTo(20);
    assertThat(ctx.withParams(ParamValues.parse("s", ALL, Map.of("size", "3"))).param(SIZE)).isEqualTo(3);
  }
}
