package io.caravan.connectors.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  @Test
  void overlappingChunksYieldEachSentenceOnceWithDocumentOffsetsAndBestRank() {
    Document doc =
        new Document(
            "d",
            "t",
            "First sentence is here.  Second one follows it closely.\nThird sentence ends the paragraph. "
                + "Fourth and last sentence of this document.",
            Map.of(),
            "");
    List<Passage> chunks = new SentenceChunker(60, 1).chunk(doc);
    assertThat(chunks).hasSizeGreaterThan(2);
    List<Candidate> context = chunks.stream().map(p -> Candidate.of(p, "bm25", 1.0)).toList();

    List<ContextSentence> sentences = new SentenceSplitter(400).split(context);

    assertThat(sentences)
        .extracting(ContextSentence::text)
        .containsExactly(
            "First sentence is here.",
            "Second one follows it closely.",
            "Third sentence ends the paragraph.",
            "Fourth and last sentence of this document.");
    for (ContextSentence s : sentences) {
      assertThat(doc.text().substring(s.start(), s.end())).isEqualTo(s.text());
    }
    // the second sentence is in chunks 0 and 1: it keeps rank 0
    assertThat(sentences.get(1).rank()).isZero();
  }

  @Test
  void cutsRunsLongerThanTheLimitAtWhiteSpaceOrHard() {
    String text = "word ".repeat(30) + "y".repeat(50) + "😀".repeat(30);
    Passage p = new Passage("d#0", "d", "", text, 7, 7 + text.length(), Map.of());

    List<ContextSentence> pieces = new SentenceSplitter(40).split(List.of(Candidate.of(p, "bm25", 1.0)));

    assertThat(pieces).hasSizeGreaterThan(4);
    for (ContextSentence s : pieces) {
      assertThat(s.text().length()).isBetween(1, 40);
      assertThat(s.text()).isEqualTo(text.substring(s.start() - 7, s.end() - 7)).doesNotStartWith(" ").doesNotEndWith(" ");
      assertThat(Character.isLowSurrogate(s.text().charAt(0))).isFalse();
    }
  }
}
