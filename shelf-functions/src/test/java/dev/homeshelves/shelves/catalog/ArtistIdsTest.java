package dev.homeshelves.shelves.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArtistIdsTest {

  @Test
  void idIsTheNameWithoutAccentsCaseOrPunctuation() {
    assertThat(ArtistIds.fromName("Beyoncé")).isEqualTo("beyonce");
    assertThat(ArtistIds.fromName("  Jay-Z & Kanye West!")).isEqualTo("jay-z-kanye-west");
    assertThat(ArtistIds.fromName("T.I.")).isEqualTo("t-i");
  }

  @Test
  void spellingVariantsShareOneArtist() {
    var catalog = Catalog.builder().track("1", "A", "Beyoncé").track("2", "B", "BEYONCE").build();

    assertThat(catalog.artists()).hasSize(1);
    assertThat(catalog.artist("beyonce").orElseThrow().name()).isEqualTo("Beyoncé");
    assertThat(catalog.track("2").orElseThrow().artistName()).isEqualTo("Beyoncé");
  }

  @Test
  void nameWithoutLatinLettersGetsAStableHashId() {
    String id = ArtistIds.fromName("東方神起");

    assertThat(id).matches("artist-[0-9a-f]{12}");
    assertThat(ArtistIds.fromName("東方神起")).isEqualTo(id);
    assertThat(ArtistIds.fromName("少女時代")).isNotEqualTo(id);
  }
}
