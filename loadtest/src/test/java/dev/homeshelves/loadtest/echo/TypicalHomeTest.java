package dev.homeshelves.loadtest.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.api.v1.GetHomeResponse;
import org.junit.jupiter.api.Test;

class TypicalHomeTest {

  @Test
  void homeHasTheRequestedSizeWithinOneCard() {
    GetHomeResponse home = TypicalHome.ofSize(5000);

    assertThat(home.getSerializedSize()).isBetween(5000, 5000 + 120);
    assertThat(home.getShelvesCount()).isGreaterThan(1);
    assertThat(home.getShelves(0).getItems(0).getReason()).isNotEmpty();
  }
}
