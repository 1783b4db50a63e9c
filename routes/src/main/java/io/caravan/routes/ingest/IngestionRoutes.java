package io.caravan.routes.ingest;

import io.caravan.ingest.ProgressListener;

import io.caravan.ingest.SourceIngestor;


import io.caravan.ingest.IngestReport;

import io.caravan.core.document.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

/**
 * Camel routes for ingestion.
 *
 * <ul>
 *   <li>{@value #INGEST_DOCUMENTS}: body a {@code List<Document>} (or one {@code Document}); replies
 *       with the {@link IngestReport}. A body of another type fails the exchange with
 *       {@link IllegalArgumentException}.
 *   <li>{@value #INGEST_FILE}: one file for routes that read files themselves (a YAML route on a
 *       {@code file:} or {@code ftp:} consumer): body the file content (anything convertible to
 *       {@code byte[]}, such as the consumer's {@code GenericFile}), header {@code CamelFileName}
 *       (or {@code CamelFileNameOnly}) its name, whose extension picks the parser as in a directory
 *       ingest; parses, ingests, commits and replies with the {@link IngestReport}. A file that
 *       cannot be ingested is a dead letter counted as failed in the report; a message that is not
 *       a file (no name, no content) is a dead letter too and fails the exchange with
 *       {@link IllegalArgumentException}, so a mis-wired route is noticed.
 *   <li>{@value #DELETE_DOCUMENT}: body a document id; replies with {@code Boolean}, whether it was
 *       in the index.
 *   <li>route {@value #FILE_ROUTE_ID}, only when a {@link WatchedDirectory} is given: polls the
 *       directory tree, and parses, ingests and commits each new or changed file. Whatever goes
 *       wrong with one file lands in the dead letter log and the route carries on.
 * </ul>
 *
 * <p>Idempotency of the file route: an in-memory repository keyed by path, size and modification
 * time (remembering {@value #REMEMBERED_FILES} files) keeps the poller from re-reading unchanged
 * files while running. It is deliberately not persisted: after a restart every file is read and
 * parsed once more, and the content hash stored in the index skips it before encoding, which is
 * the expensive part. A persisted repository would save that one parse per file but would be a
 * second record of "what is indexed" that can disagree with the index (an index deleted or rebuilt
 * while the repository says the files were seen would never be filled again). Deleting a file does
 * not delete its documents; use {@value #DELETE_DOCUMENT}.
 *
 * <p>{@link #ingestPath} is the same ingestion without Camel running, for the CLI.
 */
public final class IngestionRoutes extends RouteBuilder {

  public static final String INGEST_DOCUMENTS = "direct:ingest-documents";
  public static final String INGEST_FILE = "direct:ingest-file";
  public static final String DELETE_DOCUMENT = "direct:delete-document";
  public static final String INGEST_DOCUMENTS_ROUTE_ID = "caravan-ingest-documents";
  public static final String INGEST_FILE_ROUTE_ID = "caravan-ingest-file";
  public static final String DELETE_DOCUMENT_ROUTE_ID = "caravan-delete-document";
  public static final String FILE_ROUTE_ID = "caravan-ingest-files";

  static final int REMEMBERED_FILES = 100_000;

  private final SourceIngestor sources;
  private final Optional<WatchedDirectory> watched;

  /** Only the {@code direct:} endpoints. */
  public IngestionRoutes(SourceIngestor sources) {
    this.sources = Objects.requireNonNull(sources, "sources");
    this.watched = Optional.empty();
  }

  /** The {@code direct:} endpoints and a file route polling {@code watched}. */
  public IngestionRoutes(SourceIngestor sources, WatchedDirectory watched) {
    this.sources = Objects.requireNonNull(sources, "sources");
    this.watched = Optional.of(Objects.requireNonNull(watched, "watched"));
  }

  /** @see SourceIngestor#ingestPath(Path, ProgressListener) */
  public IngestReport ingestPath(Path fileOrDir, ProgressListener progress) {
    return sources.ingestPath(fileOrDir, progress);
  }

  @Override
  public void configure() {
    // The direct endpoints hand errors (mostly bad input) back to their caller, which answers for
    // them (HTTP 400); logging them here as delivery failures would only add stack traces.
    from(INGEST_DOCUMENTS)
        .routeId(INGEST_DOCUMENTS_ROUTE_ID)
        .errorHandler(noErrorHandler())
        .process(e -> e.getMessage().setBody(sources.ingestDocuments(documents(e), ProgressListener.NONE)));

    from(INGEST_FILE)
        .routeId(INGEST_FILE_ROUTE_ID)
        .errorHandler(noErrorHandler())
        .process(this::ingestFileMessage);

    from(DELETE_DOCUMENT)
        .routeId(DELETE_DOCUMENT_ROUTE_ID)
        .errorHandler(noErrorHandler())
        .process(e -> e.getMessage().setBody(sources.delete(e.getMessage().getBody(String.class))));

    if (watched.isPresent()) {
      WatchedDirectory w = watched.get();
      FileEndpoint endpoint = getContext().getEndpoint(w.fileUri(), FileEndpoint.class);
      endpoint.setIdempotentRepository(MemoryIdempotentRepository.memoryIdempotentRepository(REMEMBERED_FILES));
      from(endpoint)
          .routeId(FILE_ROUTE_ID)
          .onException(Exception.class)
              .handled(true) // the failure is recorded; retrying the same bytes every poll would not help
              .process(this::recordFailure)
          .end()
          .process(e -> e.getMessage().setBody(sources.ingestFile(w.directory(), fileOf(e))));
    }
  }

  private static Path fileOf(Exchange exchange) {
    String path = exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class);
    if (path == null) {
      throw new IllegalStateException("the file consumer gave no " + FileConstants.FILE_ABSOLUTE_PATH + " header");
    }
    return Path.of(path);
  }

  private void ingestFileMessage(Exchange exchange) {
    Message message = exchange.getMessage();
    String name = message.getHeader(FileConstants.FILE_NAME, String.class);
    if (name == null || name.isBlank()) {
      name = message.getHeader(FileConstants.FILE_NAME_ONLY, String.class);
    }
    String source = message.getHeader(FileConstants.FILE_ABSOLUTE_PATH, name, String.class);
    try {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(INGEST_FILE + " needs a " + FileConstants.FILE_NAME + " or "
            + FileConstants.FILE_NAME_ONLY + " header naming the file; its extension picks the parser");
      }
      Long size = message.getHeader(FileConstants.FILE_LENGTH, Long.class);
      message.setBody(sources.ingestContent(name, source, size == null ? -1 : size, () -> contentOf(message)));
    } catch (RuntimeException e) {
      // the caller hears about it as well, but the dead letter log is where every failure is kept
      sources.recordFailure(source == null ? "(unnamed message " + exchange.getExchangeId() + ")" : source,
          "ingestion failed: " + e);
      throw e;
    }
  }

  private static byte[] contentOf(Message message) {
    Object body = message.getBody();
    byte[] bytes = body == null ? null : message.getBody(byte[].class);
    if (bytes == null) {
      throw new IllegalArgumentException(INGEST_FILE + " expects the file content as body (byte[], String, "
          + "InputStream or a file consumer's GenericFile), got " + (body == null ? "null" : body.getClass().getName()));
    }
    return bytes;
  }

  private void recordFailure(Exchange exchange) {
    Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    String file = exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, "(unknown file)", String.class);
    sources.recordFailure(file, "ingestion failed: " + cause);
  }

  /** The exchange body as documents; the HTTP edge relies on this check for its 400 answer. */
  private static List<Document> documents(Exchange exchange) {
    Object body = exchange.getMessage().getBody();
    if (body instanceof Document doc) {
      return List.of(doc);
    }
    if (!(body instanceof List<?> list)) {
      throw new IllegalArgumentException(INGEST_DOCUMENTS + " expects a List<Document> body, got "
          + (body == null ? "null" : body.getClass().getName()));
    }
    List<Document> documents = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Document doc)) {
        Object o = list.get(i);
        throw new IllegalArgumentException(INGEST_DOCUMENTS + " body element " + i + " is not a Document but "
            + (o == null ? "null" : o.getClass().getName()));
      }
      documents.add(doc);
    }
    return documents;
  }
}
