package io.caravan.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Passage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentenceChunkerTest {

  private static Document doc(String text) {
    return new Document("doc", "Title", text, Map.of("topic", "x"), "mem");
  }

  @Test
  void offsetsPointIntoTheDocumentText() {
    Random random = new Random(42);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      text.append("Sentence number ").append(i).append(" says ").append("word ".repeat(random.nextInt(20))).append("end. ");
    }
    Document d = doc(text.toString());
    List<Passage> chunks = new SentenceChunker(300, 1).chunk(d);
    assertThat(chunks).hasSizeGreaterThan(5);
    for (Passage p : chunks) {
      assertThat(d.text().substring(p.start(), p.end())).isEqualTo(p.text());
      assertThat(p.text().length()).isLessThanOrEqualTo(300);
      assertThat(p.title()).isEqualTo("Title");
      assertThat(p.metadata()).containsEntry("topic", "x");
    }
    assertThat(chunks.get(0).start()).isZero();
    assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(d.text().trim().length());
  }

  @Test
  void consecutiveChunksOverlapByOneSentence() {
    Document d = doc("Alpha is first. Beta is second. Gamma is third. Delta is fourth. Epsilon is fifth. Zeta is sixth.");
    List<Passage> chunks = new SentenceChunker(50, 1).chunk(d);
    assertThat(chunks).hasSizeGreaterThan(1);
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).start()).isLessThan(chunks.get(i - 1).end());
    }
    assertThat(chunks).extracting(Passage::chunkId).startsWith("doc#0", "doc#1");
  }

  @Test
  void everySentenceIsCoveredWithoutOverlap() {
    Document d = doc("One. Two two. Three three three. Four four four four.");
    List<Passage> chunks = new SentenceChunker(50, 0).chunk(d);
    StringBuilder joined = new StringBuilder();
    for (Passage p : chunks) {
      joined.append(p.text()).append(' ');
    }
    assertThat(joined.toString().trim()).isEqualTo(d.text());
  }

  @Test
  void cutsAnOverlongSentenceAtWordBoundaries() {
    String longSentence = "word ".repeat(500).trim() + ".";
    List<Passage> chunks = new SentenceChunker(100, 1).chunk(doc(longSentence));
    assertThat(chunks).hasSizeGreaterThan(20);
    assertThat(chunks).allSatisfy(p -> assertThat(p.text()).doesNotStartWith(" ").hasSizeLessThanOrEqualTo(100));
  }

  @Test
  void emptyTextGivesNoChunkButATitleOnlyDocumentStaysFindable() {
    assertThat(new SentenceChunker(100, 1).chunk(new Document("d", "", "   ", Map.of(), ""))).isEmpty();
    List<Passage> titleOnly = new SentenceChunker(100, 1).chunk(new Document("d", "Only a title", "", Map.of(), ""));
    assertThat(titleOnly).singleElement().satisfies(p -> assertThat(p.title()).isEqualTo("Only a title"));
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> new SentenceChunker(10, 1)).hasMessageContaining("at least 50");
    assertThatThrownBy(() -> new SentenceChunker(100, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contentHashIgnoresSourceButNotMetadata() {
    Document a = new Document("d", "T", "text", Map.of("k", "v"), "a.txt");
    assertThat(new Document("d", "T", "text", Map.of("k", "v"), "b.txt").contentHash()).isEqualTo(a.contentHash());
    assertThat(new Document("d", "T", "text", Map.of("k", "w"), "a.txt").contentHash()).isNotEqualTo(a.contentHash());
    // length-prefixing keeps "ab"+"c" apart from "a"+"bc"
    assertThat(new Document("d", "ab", "c", Map.of(), "").contentHash())
        .isNotEqualTo(new Document("d", "a", "bc", Map.of(), "").contentHash());
  }
}
