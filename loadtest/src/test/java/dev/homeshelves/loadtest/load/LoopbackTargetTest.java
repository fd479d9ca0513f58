package dev.homeshelves.loadtest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoopbackTargetTest {

  @Test
  void parsesHostAndPort() {
    assertThat(LoopbackTarget.parse("127.0.0.1:50051")).isEqualTo(new LoopbackTarget("127.0.0.1", 50051));
    assertThat(LoopbackTarget.parse("localhost:8080").port()).isEqualTo(8080);
  }

  @Test
  void anAddressOffThisMachineIsRefused() {
    assertThatThrownBy(() -> LoopbackTarget.parse("192.0.2.10:50051"))
        .hasMessageContaining("not a loopback address");
  }

  @Test
  void aTargetWithoutPortIsRefusedNamingTheFormat() {
    assertThatThrownBy(() -> LoopbackTarget.parse("127.0.0.1"))
        .hasMessageContaining("host:port");
  }
}
