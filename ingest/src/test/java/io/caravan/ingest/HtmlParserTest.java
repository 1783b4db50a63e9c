package io.caravan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.document.Document;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HtmlParserTest {

  private final HtmlParser parser = new HtmlParser();

  private Document parse(String name, byte[] bytes) {
    ParsedFile parsed = parser.parse(new SourceFile(name, "/site/" + name, bytes));
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.documents()).hasSize(1);
    return parsed.documents().get(0);
  }

  @Test
  void visibleTextOnlyWithEntitiesDecodedAndBlocksOnTheirOwnLines() {
    String html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <title>Caf&eacute; guide</title>
          <meta name="description" content="Where to drink coffee">
          <style>body { color: red; }</style>
          <script>var secret = "do not index";</script>
        </head>
        <body>
          <h1>Coffee &amp; tea</h1>
          <p>Good   coffee is <b>hot</b>,&nbsp;<i>fresh</i> and
             cheap.</p>
          <script>alert("nope")</script>
          <div hidden>hidden text</div>
          <ul><li>Espresso</li><li>Latte</li></ul>
          <noscript>enable JavaScript</noscript>
          <pre>line one
        line two</pre>
          Tail text<br>after break
        </body>
        </html>
        """;
    Document doc = parse("cafe.html", html.getBytes(StandardCharsets.UTF_8));
    assertThat(doc.id()).isEqualTo("cafe");
    assertThat(doc.title()).isEqualTo("Café guide");
    assertThat(doc.metadata()).containsEntry("description", "Where to drink coffee").containsEntry("lang", "en");
    assertThat(doc.text()).isEqualTo(String.join("\n",
        "Coffee & tea",
        "Good coffee is hot, fresh and cheap.",
        "Espresso",
        "Latte",
        "line one",
        "line two",
        "Tail text",
        "after break"));
    assertThat(doc.text()).doesNotContain("secret", "nope", "color", "hidden text", "JavaScript");
  }

  @Test
  void firstH1IsTheTitleWhenThereIsNoTitleElement() {
    Document doc = parse("a.htm", "<html><body><h1>Rivers</h1><p>The Rhine.</p><h1>Other</h1></body></html>"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(doc.title()).isEqualTo("Rivers");
    assertThat(doc.text()).isEqualTo("The Rhine.\nOther");
  }

  @Test
  void declaredLegacyCharsetIsHonoured() {
    byte[] latin1 = "<html><head><meta charset=\"ISO-8859-1\"><title>Caf\u00e9</title></head><body><p>cr\u00e8me</p></body></html>"
        .getBytes(StandardCharsets.ISO_8859_1);
    Document doc = parse("legacy.html", latin1);
    assertThat(doc.title()).isEqualTo("Café");
    assertThat(doc.text()).isEqualTo("crème");
  }
}
