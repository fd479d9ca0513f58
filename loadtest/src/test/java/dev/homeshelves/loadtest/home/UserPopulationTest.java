package dev.homeshelves.loadtest.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserPopulationTest {

  @Test
  void zipfMakesTheTopUserFarMorePopularThanTheHundredth() {
    UserPopulation users = new UserPopulation("user-%d", 1000, 0, 1.0, 7);
    Map<String, Integer> counts = draw(users, 50_000);

    assertThat(counts.getOrDefault("user-0", 0))
        .isGreaterThan(20 * counts.getOrDefault("user-99", 1));
  }

  @Test
  void exponentZeroSpreadsRequestsOverEveryUser() {
    UserPopulation users = new UserPopulation("u%03d", 50, 0, 0, 7);
    Map<String, Integer> counts = draw(users, 10_000);

    assertThat(counts).hasSize(50).containsKeys("u000", "u049");
  }

  @Test
  void idsFollowThePatternFromTheFirstIndex() {
    UserPopulation users = new UserPopulation("listener:%d", 10, 100, 1.0, 7);

    assertThat(users.idOfRank(1)).isEqualTo("listener:100");
    assertThat(users.idOfRank(10)).isEqualTo("listener:109");
  }

  @Test
  void aPatternWithoutAPlaceholderIsRejectedNamingTheRule() {
    assertThatThrownBy(() -> new UserPopulation("alice", 10, 0, 1.0, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("placeholder");
  }

  private static Map<String, Integer> draw(UserPopulation users, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(users.next(), 1, Integer::sum);
    }
    return counts;
  }
}
