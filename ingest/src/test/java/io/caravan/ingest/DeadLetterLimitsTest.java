package io.caravan.ingest;

import io.caravan.testing.HashingEncoder;

import io.caravan.testing.InMemoryDocumentIndex;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, defect 8: the dead-letter log holds each distinct failure once (re-ingesting the same
 * unchanged failures adds nothing), one call records at most {@link IngestReport#MAX_DEAD_LETTERS}
 * of them while counting all, and nothing a document brings (its id, its file's name) can forge a
 * line of the server log.
 */
class DeadLetterLimitsTest {

  @TempDir Path tree;
  @TempDir Path data;

  private final InMemoryDocumentIndex index = new InMemoryDocumentIndex();

  private SourceIngestor sources() {
    DocumentFileReader reader = new DocumentFileReader(ParserRegistry.defaults(), 2_000);
    return new SourceIngestor(reader, new DocumentIngestor(new HashingEncoder(), index, SentenceChunker.defaults(), 16), DeadLetterLog.inDirectory(data));
  }

  private List<String> logLines() throws Exception {
    Path file = data.resolve(DeadLetterLog.FILE_NAME);
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void reIngestingTheSameUnchangedFailuresAddsNoLine() throws Exception {
    Files.writeString(tree.resolve("report.pdf"), "%PDF-1.7");
    Files.writeString(tree.resolve("big.txt"), "x".repeat(2_001));
    Files.writeString(tree.resolve("corpus.jsonl"), "{broken\n");
    Files.writeString(tree.resolve("fine.txt"), "Fine text.");

    for (int run = 1; run <= 4; run++) {
      // each run as the CLI does it: a new ingestor and log over the same data folder
      IngestReport report = sources().ingestPath(tree, ProgressListener.NONE);
      assertThat(report.failed()).as("run %d still reports every failure", run).isEqualTo(3);
      assertThat(report.deadLetters()).hasSize(3);
      assertThat(logLines()).as("after run %d", run).hasSize(3);
    }

    Files.writeString(tree.resolve("report2.pdf"), "%PDF-1.7");
    sources().ingestPath(tree, ProgressListener.NONE);
    assertThat(logLines()).as("a new failure is still recorded").hasSize(4);
  }

  @Test
  void tenThousandCopiesOfOneIdAreOneDeadLetter() throws Exception {
    List<Document> copies = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      copies.add(new Document("keepme", "", "Copy " + i + ".", Map.of(), "http"));
    }
    IngestReport report = sources().ingestDocuments(copies, ProgressListener.NONE);

    assertThat(report.added()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(9_999);
    assertThat(report.deadLetters()).singleElement().satisfies(d -> assertThat(d.reason()).contains("duplicate document id 'keepme'"));
    assertThat(logLines()).hasSize(1);
  }

  @Test
  void oneCallRecordsAtMostAHundredDistinctFailuresAndCountsThemAll() throws Exception {
    List<Document> bad = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      bad.add(new Document("empty-" + i, "", " ", Map.of(), "http"));
    }
    bad.add(new Document("fine", "", "Fine text.", Map.of(), "http"));
    IngestReport report = sources().ingestDocuments(bad, ProgressListener.NONE);

    assertThat(report.added()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(1_000);
    assertThat(report.deadLetters()).hasSize(IngestReport.MAX_DEAD_LETTERS);
    assertThat(report.deadLetters().get(0).source()).isEqualTo("http#empty-0");
    assertThat(logLines()).hasSize(IngestReport.MAX_DEAD_LETTERS);
  }

  @Test
  void anIdWithAControlCharacterInAFileIsADeadLetterAndCannotForgeALogLine() throws Exception {
    String forged = "12:00:00.000 [main] ERROR io.caravan.runtime.Caravan - forged";
    Files.writeString(tree.resolve("corpus.jsonl"),
        "{\"_id\": \"a\\n" + forged + "\", \"text\": \"Text.\"}\n{\"_id\": \"b\", \"text\": \"Fine.\"}\n");
    Path oddName = tree.resolve("odd\n" + forged + ".pdf");
    Files.writeString(oddName, "%PDF");

    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    IngestReport report;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      report = sources().ingestPath(tree, ProgressListener.NONE);
    } finally {
      System.setErr(err);
    }

    assertThat(report.added()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(2);
    assertThat(report.deadLetters()).anySatisfy(d -> assertThat(d.reason()).contains("control characters").contains("U+000A"));
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).as("the warnings were written").contains("not ingested");
    assertThat(log.lines()).noneMatch(line -> line.startsWith(forged) || line.startsWith(".pdf"));
    assertThat(log).contains("odd\\n" + forged);
  }
}
