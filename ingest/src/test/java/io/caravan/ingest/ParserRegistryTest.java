package io.caravan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParserRegistryTest {

  @Test
  void findsParsersByExtensionIgnoringCase() {
    ParserRegistry registry = ParserRegistry.defaults();
    assertThat(registry.parserFor("TXT")).containsInstanceOf(PlainTextParser.class);
    assertThat(registry.parserFor("md")).containsInstanceOf(MarkdownParser.class);
    assertThat(registry.parserFor("htm")).containsInstanceOf(HtmlParser.class);
    assertThat(registry.parserFor(new SourceFile("x/y.Jsonl", "y", new byte[0])))
        .containsInstanceOf(JsonLinesParser.class);
    assertThat(registry.parserFor("pdf")).isEmpty();
    assertThat(registry.extensions()).contains("txt", "md", "markdown", "html", "htm", "jsonl");
  }

  @Test
  void twoParsersForOneExtensionIsAnError() {
    assertThatThrownBy(() -> new ParserRegistry(List.of(new HtmlParser(), new HtmlParser())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("claimed by both");
  }

  @Test
  void documentIdIsTheRelativePathWithoutExtension() {
    assertThat(new SourceFile("a/b/c.tar.md", "s", new byte[0]).documentId()).isEqualTo("a/b/c.tar");
    assertThat(new SourceFile("README", "s", new byte[0]).documentId()).isEqualTo("README");
    assertThat(new SourceFile("dir.d/.profile", "s", new byte[0]).extension()).isEmpty();
    assertThatThrownBy(() -> new SourceFile("a\\b.txt", "s", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
