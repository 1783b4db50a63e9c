package io.caravan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.document.Document;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainTextParserTest {

  private final PlainTextParser parser = new PlainTextParser();

  private Document parse(String name, String content) {
    ParsedFile parsed = parser.parse(new SourceFile(name, "/data/" + name, content.getBytes(StandardCharsets.UTF_8)));
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.documents()).hasSize(1);
    return parsed.documents().get(0);
  }

  @Test
  void firstLineFollowedByBlankLineIsTheTitle() {
    Document doc = parse("notes/river.txt", "\n  The Rhine  \n\nThe Rhine rises in the Alps.\nIt flows north.\n");
    assertThat(doc.id()).isEqualTo("notes/river");
    assertThat(doc.source()).isEqualTo("/data/notes/river.txt");
    assertThat(doc.title()).isEqualTo("The Rhine");
    assertThat(doc.text()).isEqualTo("The Rhine rises in the Alps.\nIt flows north.");
  }

  @Test
  void withoutBlankLineTheWholeFileIsText() {
    Document doc = parse("a.txt", "The Rhine rises in the Alps.\nIt flows north.");
    assertThat(doc.title()).isEmpty();
    assertThat(doc.text()).isEqualTo("The Rhine rises in the Alps.\nIt flows north.");
  }

  @Test
  void aLoneLineIsTextNotATitle() {
    Document doc = parse("a.txt", "Just one line.\n\n");
    assertThat(doc.title()).isEmpty();
    assertThat(doc.text()).isEqualTo("Just one line.");
  }

  @Test
  void windowsLineEndsAndByteOrderMarkAreHandled() {
    Document doc = parse("a.txt", "\uFEFFTitle\r\n\r\nBody line one.\r\nBody line two.\r\n");
    assertThat(doc.title()).isEqualTo("Title");
    assertThat(doc.text()).isEqualTo("Body line one.\nBody line two.");
  }

  @Test
  void invalidUtf8IsRejectedWithAClearMessage() {
    byte[] latin1 = "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> parser.parse(new SourceFile("a.txt", "a.txt", latin1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UTF-8");
  }
}
