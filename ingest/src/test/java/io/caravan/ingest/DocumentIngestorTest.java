package io.caravan.ingest;

import io.caravan.testing.HashingEncoder;

import io.caravan.testing.InMemoryDocumentIndex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.document.Document;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.document.SentenceChunker;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.EncoderInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DocumentIngestorTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private final InMemoryDocumentIndex index = new InMemoryDocumentIndex();
  private final HashingEncoder encoder = HashingEncoder.poisoned("POISON");
  private final DocumentIngestor ingestor = new DocumentIngestor(
      encoder, index, new SentenceChunker(60, 0), 4, Clock.fixed(NOW, ZoneOffset.UTC));

  private static Document doc(String id, String title, String text) {
    return new Document(id, title, text, Map.of(), "/src/" + id + ".txt");
  }

  @Test
  void addsDocumentsEncodingTitleWithChunkText() {
    IngestReport report = ingestor.ingest(List.of(
        doc("rhine", "The Rhine", "It rises in the Alps. It flows into the North Sea near Rotterdam, a port."),
        doc("danube", "", "The Danube flows east.")));

    assertThat(report.added()).isEqualTo(2);
    assertThat(report.updated()).isZero();
    assertThat(report.skipped()).isZero();
    assertThat(report.failed()).isZero();
    assertThat(report.deadLetters()).isEmpty();
    assertThat(report.chunks()).isEqualTo(index.chunks("rhine").size() + index.chunks("danube").size());
    assertThat(index.chunks("rhine")).hasSizeGreaterThan(1);
    assertThat(index.contentHash("rhine")).contains(doc("rhine", "The Rhine",
        "It rises in the Alps. It flows into the North Sea near Rotterdam, a port.").contentHash());
    assertThat(encoder.encodedTexts()).contains(
        "The Rhine\n\nIt rises in the Alps.", "The Danube flows east.");
    for (EncodedChunk c : index.chunks("rhine")) {
      assertThat(c.vector()).hasSize(HashingEncoder.DIMENSION);
      assertThat(c.passage().title()).isEqualTo("The Rhine");
    }
    assertThat(index.commits()).isGreaterThanOrEqualTo(1);
    assertThat(index.refreshes()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void reingestingUnchangedDocumentsSkipsThemWithoutEncoding() {
    List<Document> docs = List.of(doc("a", "A", "Alpha text."), doc("b", "B", "Beta text."));
    ingestor.ingest(docs);
    int calls = encoder.calls().size();
    int commits = index.commits();

    IngestReport again = ingestor.ingest(docs);

    assertThat(again.skipped()).isEqualTo(2);
    assertThat(again.added() + again.updated() + again.failed() + again.chunks()).isZero();
    assertThat(encoder.calls()).hasSize(calls);
    assertThat(index.commits()).isEqualTo(commits);
  }

  @Test
  void changedDocumentIsUpdatedAndItsOldChunksReplaced() {
    ingestor.ingest(List.of(doc("a", "A", "First sentence here. Second sentence here. Third sentence here.")));
    assertThat(index.chunks("a")).hasSizeGreaterThan(1);

    IngestReport report = ingestor.ingest(List.of(doc("a", "A", "Only one new sentence.")));

    assertThat(report.updated()).isEqualTo(1);
    assertThat(report.added()).isZero();
    assertThat(index.chunks("a")).extracting(c -> c.passage().text()).containsExactly("Only one new sentence.");
    assertThat(index.documentCount()).isEqualTo(1);
  }

  @Test
  void encodesInBatchesAndCommitsAfterEachBatch() {
    List<Document> docs = IntStream.range(0, 10).mapToObj(i -> doc("d" + i, "", "Short text " + i + ".")).toList();

    IngestReport report = ingestor.ingest(docs);

    assertThat(report.added()).isEqualTo(10);
    assertThat(encoder.calls()).extracting(List::size).containsExactly(4, 4, 2);
    assertThat(index.commits()).isEqualTo(3);
  }

  @Test
  void longDocumentIsSplitAcrossEncoderCalls() {
    String text = String.join(" ", IntStream.range(0, 9).mapToObj(i -> "This is sentence number " + i + " of it.").toList());
    IngestReport report = ingestor.ingest(List.of(doc("long", "", text)));
    assertThat(report.chunks()).isEqualTo(9);
    assertThat(encoder.calls()).extracting(List::size).containsExactly(4, 4, 1);
    assertThat(index.chunks("long")).hasSize(9);
  }

  @Test
  void encoderFailureForOneDocumentIsADeadLetterAndTheRestIngests() {
    IngestReport report = ingestor.ingest(List.of(
        doc("good1", "", "Fine text."),
        doc("bad", "", "This one is POISON for the encoder."),
        doc("good2", "", "Also fine.")));

    assertThat(report.added()).isEqualTo(2);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.deadLetters()).containsExactly(new DeadLetter("/src/bad.txt#bad",
        "encoder failed: cannot encode text containing POISON", NOW));
    assertThat(index.contains("good1")).isTrue();
    assertThat(index.contains("good2")).isTrue();
    assertThat(index.contains("bad")).isFalse();
    assertThat(index.contentHash("bad")).isEmpty(); // so the next run retries it
  }

  @Test
  void duplicateIdsInOneInputKeepTheLastAndReportTheOthers() {
    IngestReport report = ingestor.ingest(List.of(doc("a", "", "Old text."), doc("a", "", "New text.")));
    assertThat(report.added()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.deadLetters().get(0).reason()).contains("duplicate document id 'a'");
    assertThat(index.chunks("a")).extracting(c -> c.passage().text()).containsExactly("New text.");
  }

  @Test
  void emptyDocumentIsADeadLetter() {
    IngestReport report = ingestor.ingest(List.of(new Document("empty", "", "  \n ", Map.of(), "")));
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.deadLetters()).containsExactly(
        new DeadLetter("empty", "document has no title and no text to index", NOW));
    assertThat(index.documentCount()).isZero();
  }

  @Test
  void progressListenerSeesEveryDocument() {
    ingestor.ingest(List.of(doc("a", "", "Alpha.")));
    List<int[]> seen = new ArrayList<>();
    ingestor.ingest(List.of(doc("a", "", "Alpha."), doc("b", "", "Beta."), doc("c", "", "")),
        (done, total) -> seen.add(new int[] {done, total}));
    assertThat(seen).extracting(Arrays::toString)
        .containsExactly("[0, 3]", "[1, 3]", "[2, 3]", "[3, 3]");
  }

  @Test
  void encoderBreakingItsContractIsCaught() {
    // TEST IMPLEMENTATION of the Encoder SPI that breaks its contract: claims 64 dimensions, returns 3
    Encoder wrongDimension = new Encoder() {
      @Override
      public EncoderInfo info() {
        return new EncoderInfo("test-wrong-dimension", 64);
      }

      @Override
      public float[] encodeQuery(String text) {
        return new float[3];
      }

      @Override
      public List<float[]> encodeAll(List<String> texts) {
        return texts.stream().map(t -> new float[3]).toList();
      }
    };
    DocumentIngestor withBadEncoder = new DocumentIngestor(wrongDimension, index, SentenceChunker.defaults(), 8);
    IngestReport report = withBadEncoder.ingest(List.of(doc("a", "", "Text.")));
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.deadLetters().get(0).reason())
        .isEqualTo("encoder failed: encoder returned a vector of dimension 3, expected 64");
  }

  @Test
  void deleteRemovesDurably() {
    ingestor.ingest(List.of(doc("a", "", "Alpha.")));
    int commits = index.commits();
    assertThat(ingestor.delete("a")).isTrue();
    assertThat(index.contains("a")).isFalse();
    assertThat(index.commits()).isEqualTo(commits + 1);
    assertThat(ingestor.delete("a")).isFalse();
    assertThatThrownBy(() -> ingestor.delete(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> new DocumentIngestor(encoder, index, SentenceChunker.defaults(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    List<Document> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> ingestor.ingest(withNull))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("documents[0] is null");
  }
}
