package io.caravan.research.eval.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.document.Document;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a made-up three-question fixture in the IRCoT HotpotQA format. */
class HotpotQaDatasetTest {

  @TempDir Path tmp;

  static Path fixture() throws URISyntaxException {
    return Path.of(HotpotQaDatasetTest.class.getResource("/qa/hotpot-tiny.jsonl").toURI());
  }

  @Test
  void readsQuestionsAndPoolsParagraphs() throws Exception {
    HotpotQaDataset d = HotpotQaDataset.read(fixture());
    assertThat(d.questions()).extracting(HotpotQuestion::id).containsExactly("q1", "q2", "q3");
    HotpotQuestion q2 = d.questions().get(1);
    assertThat(q2.text()).isEqualTo("Who founded the capital of Freedonia?");
    assertThat(q2.answers()).containsExactly("Rufus Firefly", "R. Firefly");
    // 8 contexts, 5 distinct paragraphs: Freedonia (x3) and Redland (x2) are shared; the two
    // "Blue River" paragraphs share a title but not a text, so they stay apart.
    assertThat(d.corpus()).hasSize(5);
    assertThat(d.corpus()).extracting(Document::title).containsExactly("Freedonia", "Blue River", "Redland", "Rufus Firefly", "Blue River");
    assertThat(d.corpus()).extracting(Document::id).doesNotHaveDuplicates();
    for (Document doc : d.corpus()) {
      assertThat(doc.id()).isEqualTo(HotpotQaDataset.documentId(doc.title(), doc.text())).matches("hp-[0-9a-f]{16}");
    }
  }

  @Test
  void supportingIdsPointIntoTheCorpus() throws Exception {
    HotpotQaDataset d = HotpotQaDataset.read(fixture());
    String freedonia = d.corpus().get(0).id();
    HotpotQuestion q1 = d.questions().get(0);
    HotpotQuestion q3 = d.questions().get(2);
    assertThat(q1.supportingDocIds()).containsExactly(freedonia, d.corpus().get(1).id());
    assertThat(q1.contextDocIds()).hasSize(3).endsWith(d.corpus().get(2).id());
    assertThat(q3.supportingDocIds()).containsExactly(d.corpus().get(2).id(), freedonia);
    assertThat(d.questions().get(1).contextDocIds().get(2)).isEqualTo(d.corpus().get(4).id());
  }

  @Test
  void idsDependOnContentNotOnFileOrderOrCompression() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(fixture()));
    Collections.reverse(lines);
    Path gz = tmp.resolve("reversed.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }
    HotpotQaDataset original = HotpotQaDataset.read(fixture());
    HotpotQaDataset reversed = HotpotQaDataset.read(gz);
    assertThat(reversed.questions()).extracting(HotpotQuestion::id).containsExactly("q3", "q2", "q1");
    assertThat(reversed.corpus()).extracting(Document::id).containsExactlyInAnyOrderElementsOf(original.corpus().stream().map(Document::id).toList());
    assertThat(reversed.questions().get(2).supportingDocIds()).isEqualTo(original.questions().get(0).supportingDocIds());
  }

  @Test
  void badLinesNameTheLine() throws IOException {
    String ok = "{\"question_id\": \"a\", \"question_text\": \"q\", \"answers_objects\": [{\"spans\": [\"x\"]}], \"contexts\": [{\"title\": \"t\", \"paragraph_text\": \"p\", \"is_supporting\": true}]}";
    assertThat(HotpotQaDataset.read(write("ok.jsonl", ok)).questions()).hasSize(1);
    assertThatThrownBy(() -> HotpotQaDataset.read(write("noText.jsonl", ok, ok.replace("\"question_text\"", "\"q_text\"").replace("\"a\"", "\"b\""))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("noText.jsonl:2")
        .hasMessageContaining("question_text");
    assertThatThrownBy(() -> HotpotQaDataset.read(write("dup.jsonl", ok, "", ok)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("dup.jsonl:3")
        .hasMessageContaining("already appeared on line 1");
    assertThatThrownBy(() -> HotpotQaDataset.read(write("noAnswer.jsonl", ok.replace("[\"x\"]", "[]"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no answers_objects");
    assertThatThrownBy(() -> HotpotQaDataset.read(write("broken.jsonl", "{\"question_id\": ")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broken.jsonl:1: not JSON");
    assertThatThrownBy(() -> HotpotQaDataset.read(tmp.resolve("missing.jsonl"))).isInstanceOf(IllegalArgumentException.class);
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.write(tmp.resolve(name), List.of(lines));
  }
}
