package io.caravan.routes.ingest;

import io.caravan.testing.HashingEncoder;

import io.caravan.testing.InMemoryDocumentIndex;

import io.caravan.ingest.DocumentFileReader;

import io.caravan.ingest.DocumentIngestor;

import io.caravan.ingest.SourceIngestor;

import io.caravan.ingest.ProgressListener;

import io.caravan.ingest.IngestReport;

import io.caravan.ingest.DeadLetterLog;


import io.caravan.ingest.DeadLetter;

import io.caravan.ingest.ParserRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import io.caravan.routes.yaml.YamlRouteFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.FileConstants;
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
  void ingestFileEndpointParsesByExtensionAndNamesDocumentsByTheFileName() throws Exception {
    ProducerTemplate template = start(new IngestionRoutes(sources()));
    byte[] md = "# Notes\n\nCaravans rested at wells.".getBytes(StandardCharsets.UTF_8);

    IngestReport report = template.requestBodyAndHeader(
        IngestionRoutes.INGEST_FILE, md, FileConstants.FILE_NAME, "trips\\notes.md", IngestReport.class);

    assertThat(report.added()).isEqualTo(1);
    assertThat(index.chunks("trips/notes").get(0).passage().title()).isEqualTo("Notes");
    // the same bytes again: skipped by content hash, as in a directory ingest
    assertThat(template.requestBodyAndHeader(IngestionRoutes.INGEST_FILE, md, FileConstants.FILE_NAME_ONLY, "trips/notes.md",
        IngestReport.class).skipped()).isEqualTo(1);
    // a String body converts too; the header CamelFileName wins over CamelFileNameOnly
    IngestReport lines = template.requestBodyAndHeaders(IngestionRoutes.INGEST_FILE, "{\"_id\":\"j1\",\"text\":\"One.\"}\n",
        Map.of(FileConstants.FILE_NAME, "in/lines.jsonl", FileConstants.FILE_NAME_ONLY, "lines.txt"), IngestReport.class);
    assertThat(lines.added()).isEqualTo(1);
    assertThat(index.contains("j1")).isTrue();
    assertThat(DeadLetterLog.inDirectory(data).read()).isEmpty();
  }

  @Test
  void ingestFileEndpointDeadLettersFilesItCannotIngest() throws Exception {
    ProducerTemplate template = start(new IngestionRoutes(sources()));
    Map<String, Object> png = Map.of(FileConstants.FILE_NAME, "image.png", FileConstants.FILE_ABSOLUTE_PATH, "/inbox/image.png");
    Map<String, Object> big = Map.of(FileConstants.FILE_NAME, "big.txt", FileConstants.FILE_LENGTH, 20_000L);
    Map<String, Object> latin1 = Map.of(FileConstants.FILE_NAME, "old.txt");

    IngestReport unsupported = template.requestBodyAndHeaders(IngestionRoutes.INGEST_FILE, new byte[] {1, 2}, png, IngestReport.class);
    IngestReport tooLarge = template.requestBodyAndHeaders(IngestionRoutes.INGEST_FILE, "small really", big, IngestReport.class);
    IngestReport malformed = template.requestBodyAndHeaders(IngestionRoutes.INGEST_FILE, new byte[] {'c', (byte) 0xE9}, latin1, IngestReport.class);

    assertThat(List.of(unsupported, tooLarge, malformed)).allSatisfy(r -> {
      assertThat(r.failed()).isEqualTo(1);
      assertThat(r.written()).isZero();
    });
    assertThat(index.documentCount()).isZero();
    assertThat(DeadLetterLog.inDirectory(data).read())
        .extracting(d -> d.source() + " | " + d.reason())
        .satisfiesExactly(
            d -> assertThat(d).startsWith("/inbox/image.png | unsupported file type '.png'"),
            d -> assertThat(d).startsWith("big.txt | file too large: 20000 bytes"),
            d -> assertThat(d).startsWith("old.txt | malformed file: not valid UTF-8"));
  }

  @Test
  void ingestFileEndpointRejectsAMessageThatIsNotAFileAndRecordsIt() throws Exception {
    ProducerTemplate template = start(new IngestionRoutes(sources()));

    assertThatThrownBy(() -> template.requestBody(IngestionRoutes.INGEST_FILE, "no name"))
        .isInstanceOf(CamelExecutionException.class)
        .rootCause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a CamelFileName or CamelFileNameOnly header");
    assertThatThrownBy(() -> template.requestBodyAndHeader(IngestionRoutes.INGEST_FILE, null, FileConstants.FILE_NAME, "a.txt"))
        .rootCause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expects the file content as body");

    assertThat(DeadLetterLog.inDirectory(data).read()).satisfiesExactly(
        d -> assertThat(d.source()).startsWith("(unnamed message "),
        d -> assertThat(d.source()).isEqualTo("a.txt"));
    assertThat(index.documentCount()).isZero();
  }

  @Test
  void ingestFileEndpointTakesTheGenericFileOfAYamlFileRoute() throws Exception {
    Files.createDirectories(inbox.resolve("sub"));
    Files.writeString(inbox.resolve("sub/wells.md"), "# Wells\n\nThe route reads this file and leaves it.");
    Files.writeString(inbox.resolve("skipped.png"), "not included by the route");
    Path routes = Files.createDirectory(data.resolve("routes"));
    Files.writeString(routes.resolve("inbox.camel.yaml"), """
        - route:
            id: inbox
            from:
              uri: "file:%s?noop=true&recursive=true&antInclude=**/*.md&initialDelay=0&delay=50&idempotentKey=${file:name}-${file:size}-${file:modified}"
              steps:
                - to: direct:ingest-file
                - to: direct:reports
        """.formatted(inbox.toAbsolutePath()));
    List<IngestReport> reports = new CopyOnWriteArrayList<>();
    camel = new DefaultCamelContext();
    camel.addRoutes(new IngestionRoutes(sources()));
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from("direct:reports").process(e -> reports.add(e.getMessage().getBody(IngestReport.class)));
      }
    });
    new YamlRouteFolder(routes).loadInto(camel);
    camel.start();

    await(() -> reports.size() == 1);
    assertThat(reports.get(0).added()).isEqualTo(1);
    assertThat(index.chunks("sub/wells").get(0).passage().title()).isEqualTo("Wells");
    assertThat(inbox.resolve("sub/wells.md")).exists(); // noop: the route never moves a user's file
    Thread.sleep(200); // a few more polls: noop's idempotent repository reads the file only once
    assertThat(reports).hasSize(1);
    assertThat(index.documentCount()).isEqualTo(1);

    // the idempotent key holds size and modification time, so a changed file is read again
    Files.writeString(inbox.resolve("sub/wells.md"), "# Wells\n\nChanged: the route reads this file again.");
    Files.setLastModifiedTime(inbox.resolve("sub/wells.md"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    await(() -> reports.size() == 2);
    assertThat(reports.get(1).updated()).isEqualTo(1);
    assertThat(index.chunks("sub/wells").get(0).passage().text()).startsWith("Changed");
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
