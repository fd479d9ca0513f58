package dev.homeshelves.shelves.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class SongsTsvTest {

  @Test
  void readsTracksAndGroupsThemByDerivedArtistId() {
    var catalog = SongsTsv.read(new StringReader(
        "id\ttitle\tartist\n"
            + "0\tGucci Time (w\\/ Swizz Beatz)\tGucci Mane\n"
            + "1\tLemonade\tGucci Mane\n"
            + "\n"
            + "2\tWhatever You Like\tT.I.\n"));

    assertThat(catalog.trackCount()).isEqualTo(3);
    assertThat(catalog.track("0").orElseThrow())
        .isEqualTo(new Track("0", "Gucci Time (w/ Swizz Beatz)", "gucci-mane", "Gucci Mane"));
    assertThat(catalog.artist("gucci-mane").orElseThrow().trackIds()).containsExactly("0", "1");
    assertThat(catalog.artist("t-i").orElseThrow().name()).isEqualTo("T.I.");
  }

  @Test
  void extraColumnsOfTheSyntheticCatalogAreIgnored() {
    var catalog = SongsTsv.read(new StringReader(
        "id\ttitle\tartist\tgenre\nt0\tTrack 0\tArtist 3-0\tgenre-3\n"));

    assertThat(catalog.track("t0").orElseThrow().artistId()).isEqualTo("artist-3-0");
  }

  @Test
  void wrongHeaderIsRejectedOnLineOne() {
    assertThatThrownBy(() -> SongsTsv.read(new StringReader("song\tname\n1\tx\n")))
        .isInstanceOf(CatalogFormatException.class)
        .hasMessageStartingWith("line 1:")
        .hasMessageContaining("id<TAB>title<TAB>artist");
  }

  @Test
  void malformedLineIsRejectedWithItsNumber() {
    assertThatThrownBy(() -> SongsTsv.read(new StringReader("id\ttitle\tartist\n1\tA\tB\n2 no tabs\n")))
        .isInstanceOf(CatalogFormatException.class)
        .hasMessage("line 3: expected 3 tab-separated fields (id, title, artist), found 1");
  }

  @Test
  void duplicateTrackIdIsRejectedWithItsLine() {
    assertThatThrownBy(() -> SongsTsv.read(new StringReader("id\ttitle\tartist\n1\tA\tB\n1\tC\tD\n")))
        .hasMessage("line 3: duplicate track id '1'");
  }

  @Test
  void emptyArtistIsRejected() {
    assertThatThrownBy(() -> SongsTsv.read(new StringReader("id\ttitle\tartist\n7\tA\t \n")))
        .hasMessage("line 2: empty artist for track '7'");
  }
}
