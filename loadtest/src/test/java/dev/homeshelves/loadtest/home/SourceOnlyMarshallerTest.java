package dev.homeshelves.loadtest.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.loadtest.echo.TypicalHome;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class SourceOnlyMarshallerTest {

  @Test
  void readsTheSourceOfAFullHomeWhereverItIs() {
    GetHomeResponse home = TypicalHome.ofSize(4000).toBuilder().setSource(Source.SOURCE_STALE).build();

    Source source = SourceOnlyMarshaller.INSTANCE.parse(new ByteArrayInputStream(home.toByteArray()));

    assertThat(source).isEqualTo(Source.SOURCE_STALE);
  }

  @Test
  void anEmptyAnswerHasTheDefaultSource() {
    Source source = SourceOnlyMarshaller.INSTANCE.parse(new ByteArrayInputStream(new byte[0]));

    assertThat(source).isEqualTo(Source.SOURCE_UNSPECIFIED);
  }

  @Test
  void aTruncatedAnswerFails() {
    byte[] bytes = TypicalHome.ofSize(4000).toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);

    assertThatThrownBy(() -> SourceOnlyMarshaller.INSTANCE.parse(new ByteArrayInputStream(truncated)))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }
}
