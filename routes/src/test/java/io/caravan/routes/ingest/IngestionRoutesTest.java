package io.caravan.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Camel context and routes; only the encoder and index are the test SPI implementations. */
class IngestionRoutesTest {

  @TempDir Path inbox;
  @TempDir Path data;

  private final InMemoryDocumentIndex index = new InMemoryDocumentIndex();
  private CamelContext camel;

  private SourceIngestor sources() {
    return new SourceIngestor(
        new DocumentFileReader(ParserRegistry.defaults(), 10_000),
        new DocumentIngestor(new HashingEncoder(), index, SentenceChunker.defaults(), 8),
        DeadLetterLog.inDirectory(data));
  }

  private ProducerTemplate start(IngestionRoutes routes) throws Exception {
    camel = new DefaultCamelContext();
    camel.addRoutes(routes);
    camel.start();
    return camel.createProducerTemplate();
  }

  @AfterEach
  void stop() {
    if (camel != null) {
      camel.stop();
    }
  }

  @Test
  void ingestDocumentsEndpointReturnsTheReport() throws Exception {
    ProducerTemplate template = start(new IngestionRoutes(sources()));
    List<Document> docs = List.of(
        new Document("a", "Alpha", "Alpha text.", Map.of(), "http"),
        new Document("b", "", "", Map.of(), "http"));

    IngestReport report = template.requestBody(IngestionRoutes.INGEST_DOCUMENTS, docs, IngestReport.class);

    assertThat(report.added()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(index.contains("a")).isTrue();
    assertThat(DeadLetterLog.inDirectory(data).read()).extracting(DeadLetter::source).containsExactly("http#b");

    IngestReport again = template.requestBody(IngestionRoutes.INGEST_DOCUMENTS, docs.get(0), IngestReport.class);
    assertThat(again.skipped()).isEqualTo(1);
  }

  @Test
  void ingestDocumentsRejectsABodyOfTheWrongType() throws Exception {
    ProducerTemplate template = start(new IngestionRoutes(sources()));
    assertThatThrownBy(() -> template.requestBody(IngestionRoutes.INGEST_DOCUMENTS, List.of("not a document")))
        .isInstanceOf(CamelExecutionException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .rootCause().hasMessageContaining("body element 0 is not a Document but java.lang.String");
    assertThatThrownBy(() -> template.requestBody(IngestionRoutes.INGEST_DOCUMENTS, "text"))
        .rootCause().hasMessageContaining("expects a List<Document> body");
  }

  @Test
  void deleteDocumentEndpoint() throws Exception {
    ProducerTemplate template = start(new IngestionRoutes(sources()));
    template.requestBody(IngestionRoutes.INGEST_DOCUMENTS, new Document("a", "", "Alpha.", Map.of(), ""));

    assertThat(template.requestBody(IngestionRoutes.DELETE_DOCUMENT, "a", Boolean.class)).isTrue();
    assertThat(index.contains("a")).isFalse();
    assertThat(template.requestBody(IngestionRoutes.DELETE_DOCUMENT, "a", Boolean.class)).isFalse();
    assertThatThrownBy(() -> template.requestBody(IngestionRoutes.DELETE_DOCUMENT, ""))
        .rootCause().isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fileRoutePicksUpDroppedFilesAndChangesAndDeadLettersBadOnes() throws Exception {
    Path inbox = Files.createDirectory(this.inbox.resolve("my inbox")); // a space must survive the URI
    Files.writeString(inbox.resolve("before.txt"), "Before\n\nThis file was there before the route started.");
    start(new IngestionRoutes(sources(),
        new WatchedDirectory(inbox, Duration.ofMillis(50), Duration.ofMillis(100))));
    await(() -> index.contains("before"));

    Files.createDirectories(inbox.resolve("sub"));
    Files.writeString(inbox.resolve("sub/dropped.md"), "# Dropped\n\nDropped while running.");
    Files.writeString(inbox.resolve("image.png"), "not text");
    Files.writeString(inbox.resolve("lines.jsonl"), "{\"_id\":\"j1\",\"text\":\"One.\"}\nnot json\n");
    await(() -> index.contains("sub/dropped") && index.contains("j1"));
    await(() -> DeadLetterLog.inDirectory(data).read().size() == 2);

    assertThat(index.chunks("sub/dropped").get(0).passage().title()).isEqualTo("Dropped");
    assertThat(DeadLetterLog.inDirectory(data).read()).extracting(DeadLetter::reason)
        .anySatisfy(r -> assertThat(r).startsWith("unsupported file type '.png'"))
        .anySatisfy(r -> assertThat(r).startsWith("line 2: malformed JSON"));

    Files.writeString(inbox.resolve("before.txt"), "Before\n\nEdited after the route started, and longer.");
    await(() -> index.chunks("before").get(0).passage().text().startsWith("Edited"));
    assertThat(index.documentCount()).isEqualTo(3);
  }

  @Test
  void fileRouteRecordsAFailingFileAndCarriesOn() throws Exception {
    index.failWritesOf("broken");
    Files.writeString(inbox.resolve("broken.txt"), "This one hits a failing disk.");
    Files.writeString(inbox.resolve("fine.txt"), "This one is fine.");
    start(new IngestionRoutes(sources(),
        new WatchedDirectory(inbox, Duration.ofMillis(50), Duration.ofMillis(1))));

    await(() -> index.contains("fine") && !DeadLetterLog.inDirectory(data).read().isEmpty());
    assertThat(DeadLetterLog.inDirectory(data).read()).singleElement().satisfies(d -> {
      assertThat(d.source()).endsWith("broken.txt");
      assertThat(d.reason()).startsWith("ingestion failed: java.io.UncheckedIOException")
          .contains("simulated disk failure writing broken");
    });
    assertThat(camel.getRouteController().getRouteStatus(IngestionRoutes.FILE_ROUTE_ID).isStarted()).isTrue();
  }

  @Test
  void ingestPathWorksWithoutCamelRunning() throws Exception {
    Files.writeString(inbox.resolve("a.txt"), "Alpha.");
    IngestReport report = new IngestionRoutes(sources()).ingestPath(inbox, ProgressListener.NONE);
    assertThat(report.added()).isEqualTo(1);
    assertThat(index.contains("a")).isTrue();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
