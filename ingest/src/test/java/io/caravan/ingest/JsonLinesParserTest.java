package io.caravan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.document.Document;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesParserTest {

  private final JsonLinesParser parser = new JsonLinesParser();

  private ParsedFile parse(byte[] bytes) {
    return parser.parse(new SourceFile("beir/corpus.jsonl", "/data/beir/corpus.jsonl", bytes));
  }

  @Test
  void readsBeirCorpusLines() {
    String corpus = """
        {"_id": "4983", "title": "Microstructural development of human newborn cerebral white matter", "text": "Alterations of the architecture of cerebral white matter.", "metadata": {}}
        {"_id": "5836", "title": "", "text": "Induction of myelodysplasia.", "metadata": {"year": 2003, "peer_reviewed": true, "authors": ["A", "B"], "venue": {"name": "Cell"}, "doi": null}}
        """;
    ParsedFile parsed = parse(corpus.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.documents()).extracting(Document::id).containsExactly("4983", "5836");
    Document first = parsed.documents().get(0);
    assertThat(first.title()).isEqualTo("Microstructural development of human newborn cerebral white matter");
    assertThat(first.text()).isEqualTo("Alterations of the architecture of cerebral white matter.");
    assertThat(first.source()).isEqualTo("/data/beir/corpus.jsonl");
    assertThat(first.metadata()).isEmpty();
    assertThat(parsed.documents().get(1).metadata()).isEqualTo(Map.of(
        "year", "2003", "peer_reviewed", "true", "authors", "[\"A\",\"B\"]", "venue", "{\"name\":\"Cell\"}"));
  }

  @Test
  void acceptsPlainIdAndKeepsOtherFieldsAsMetadata() {
    String line = "{\"id\": 17, \"text\": \"Body.\", \"url\": \"https://x.org\", \"metadata\": {\"url\": \"https://y.org\"}}\r\n";
    Document doc = parse(line.getBytes(StandardCharsets.UTF_8)).documents().get(0);
    assertThat(doc.id()).isEqualTo("17");
    assertThat(doc.title()).isEmpty();
    assertThat(doc.metadata()).isEqualTo(Map.of("url", "https://y.org"));
  }

  @Test
  void badLinesAreReportedWithTheirLineNumberAndTheOthersStillParse() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("{\"_id\": \"a\", \"title\": \"A\", \"text\": \"first\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.write("\n".getBytes(StandardCharsets.UTF_8));
    bytes.write("{\"_id\": \"b\", \"text\": \"broken\"\n".getBytes(StandardCharsets.UTF_8));
    bytes.write("{\"title\": \"no id\", \"text\": \"x\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.write("[1, 2]\n".getBytes(StandardCharsets.UTF_8));
    bytes.write("{\"_id\": \"c\", \"text\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    bytes.write("{\"_id\": \"d\", \"title\": \"D\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.write("{\"_id\": \"e\", \"text\": \"last\"}".getBytes(StandardCharsets.UTF_8));
    ParsedFile parsed = parse(bytes.toByteArray());

    assertThat(parsed.documents()).extracting(Document::id).containsExactly("a", "e");
    assertThat(parsed.problems()).hasSize(5);
    assertThat(parsed.problems().get(0)).startsWith("line 3: malformed JSON");
    assertThat(parsed.problems().get(1)).isEqualTo("line 4: missing \"_id\" or \"id\"");
    assertThat(parsed.problems().get(2)).isEqualTo("line 5: expected a JSON object, was ARRAY");
    assertThat(parsed.problems().get(3)).isEqualTo("line 6: not valid UTF-8 text");
    assertThat(parsed.problems().get(4)).isEqualTo("line 7: missing string \"text\" for id d");
  }
}
