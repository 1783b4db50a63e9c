package io.caravan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.document.Document;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownParserTest {

  private final MarkdownParser parser = new MarkdownParser();

  private ParsedFile parse(String content) {
    return parser.parse(new SourceFile("guide/setup.md", "/docs/guide/setup.md", content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void frontMatterBecomesMetadataAndFirstHeadingTheTitle() {
    ParsedFile parsed = parse("""
        ---
        author: Ada Lovelace
        date: "2024-05-01"
        tags:
          - setup
          - install
        ---
        # Installing Caravan

        Caravan needs **Java 17** and _Maven_.
        """);
    assertThat(parsed.problems()).isEmpty();
    Document doc = parsed.documents().get(0);
    assertThat(doc.id()).isEqualTo("guide/setup");
    assertThat(doc.title()).isEqualTo("Installing Caravan");
    assertThat(doc.metadata())
        .isEqualTo(Map.of("author", "Ada Lovelace", "date", "2024-05-01", "tags", "setup, install"));
    assertThat(doc.text()).isEqualTo("Caravan needs Java 17 and Maven.");
  }

  @Test
  void syntaxIsStrippedButCodeBlocksAreKeptVerbatim() {
    Document doc = parse("""
        # Title

        ## Usage ##

        > Read the [manual](https://example.org/manual) first, or see ![a diagram](d.png).
        - run `caravan ingest *docs*`
        * then ~~wait~~ ask
        Keep snake_case_names and 2*3*4 intact.

        [manual]: https://example.org/manual

        ---

        ```java
        var x = a *b* c; // [link](not stripped)
        ```
        """).documents().get(0);
    assertThat(doc.title()).isEqualTo("Title");
    assertThat(doc.text()).isEqualTo("""
        Usage

        Read the manual first, or see a diagram.
        run caravan ingest *docs*
        then wait ask
        Keep snake_case_names and 2*3*4 intact.

        var x = a *b* c; // [link](not stripped)""");
  }

  @Test
  void frontMatterTitleWinsAndTheHeadingStaysInTheText() {
    Document doc = parse("""
        ---
        title: 'Setup guide'
        ---
        # Installing

        Body.
        """).documents().get(0);
    assertThat(doc.title()).isEqualTo("Setup guide");
    assertThat(doc.metadata()).doesNotContainKey("title");
    assertThat(doc.text()).isEqualTo("Installing\n\nBody.");
  }

  @Test
  void setextHeadingIsATitle() {
    Document doc = parse("Installing\n==========\n\nSome text.\n").documents().get(0);
    assertThat(doc.title()).isEqualTo("Installing");
    assertThat(doc.text()).isEqualTo("Some text.");
  }

  @Test
  void badFrontMatterLineIsAProblemButTheDocumentStillParses() {
    ParsedFile parsed = parse("---\nauthor: Ada\nthis is not yaml\n---\nBody text.\n");
    assertThat(parsed.problems()).containsExactly("front matter line 3: expected 'key: value', was 'this is not yaml'");
    assertThat(parsed.documents()).singleElement().satisfies(d -> {
      assertThat(d.metadata()).containsEntry("author", "Ada");
      assertThat(d.text()).isEqualTo("Body text.");
    });
  }

  @Test
  void unterminatedFrontMatterIsJustARule() {
    Document doc = parse("---\nauthor: Ada\n\nBody.\n").documents().get(0);
    assertThat(doc.metadata()).isEmpty();
    assertThat(doc.text()).isEqualTo("author: Ada\n\nBody.");
  }
}
