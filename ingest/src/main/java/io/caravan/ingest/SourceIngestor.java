package io.caravan.ingest;

import io.caravan.core.Access;
import io.caravan.core.document.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Ingestion from the places documents come from (a file or directory tree, one file the file route
 * picked up, a list of documents from HTTP), with every dead letter recorded in the
 * {@link DeadLetterLog}. It is what the CLI's {@code caravan ingest <dir|file>} and the Camel routes
 * call, so both read files the same way and report failures the same way.
 *
 * <p>Directory strategy: walk the tree (following links, skipping names that start with '.', as
 * Camel's file consumer does), sorted so ids and progress are reproducible; read and parse every
 * file first, then ingest all documents in one {@link DocumentIngestor} call, so the progress
 * listener knows the total and encoder batches span small files. The price is holding the parsed
 * text of one call in memory, about twice the size of the text on disk; per-file size is capped by
 * {@link DocumentFileReader}. A directory that cannot be listed becomes a dead letter and the walk
 * goes on.
 *
 * <p>A single file given directly is named relative to its own directory, so its id is its name
 * without extension; given as part of a tree, its id is its path relative to the tree's root.
 */
public final class SourceIngestor {

  private final DocumentFileReader reader;
  private final DocumentIngestor ingestor;
  private final DeadLetterLog deadLetters;
  private final Clock clock;
  private final Consumer<IngestReport> reports;

  public SourceIngestor(DocumentFileReader reader, DocumentIngestor ingestor, DeadLetterLog deadLetters) {
    this(reader, ingestor, deadLetters, Clock.systemUTC());
  }

  /** @param clock stamps dead letters for directories that cannot be listed */
  public SourceIngestor(
      DocumentFileReader reader, DocumentIngestor ingestor, DeadLetterLog deadLetters, Clock clock) {
    this(reader, ingestor, deadLetters, clock, report -> { });
  }

  /**
   * @param reports told of every ingestion's report, whatever source it came from (files, HTTP,
   *     routes), so metrics count each once; called on the ingesting thread before the report is returned
   */
  public SourceIngestor(
      DocumentFileReader reader, DocumentIngestor ingestor, DeadLetterLog deadLetters, Clock clock, Consumer<IngestReport> reports) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.ingestor = Objects.requireNonNull(ingestor, "ingestor");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reports = Objects.requireNonNull(reports, "reports");
  }

  public DeadLetterLog deadLetterLog() {
    return deadLetters;
  }

  /**
   * Ingests a file, or every file under a directory.
   *
   * @throws IllegalArgumentException when {@code fileOrDir} does not exist
   */
  public IngestReport ingestPath(Path fileOrDir, ProgressListener progress) {
    Objects.requireNonNull(fileOrDir, "fileOrDir");
    Objects.requireNonNull(progress, "progress");
    long start = System.nanoTime();
    Path target = fileOrDir.toAbsolutePath().normalize();
    if (!Files.exists(target)) {
      throw new IllegalArgumentException("no such file or directory: " + fileOrDir);
    }
    List<DeadLetter> rejected = new ArrayList<>();
    Path root;
    List<Path> files;
    if (Files.isDirectory(target)) {
      root = target;
      files = list(target, rejected);
    } else {
      root = target.getParent();
      files = List.of(target);
    }
    List<Document> documents = new ArrayList<>();
    for (Path file : files) {
      DocumentFileReader.Result read = reader.read(root, file);
      documents.addAll(read.documents());
      rejected.addAll(read.deadLetters());
    }
    return ingestAndRecord(documents, progress, rejected, start);
  }

  /** Ingests one file of the tree under {@code root}; the file route calls this per file. */
  public IngestReport ingestFile(Path root, Path file) {
    long start = System.nanoTime();
    DocumentFileReader.Result read = reader.read(root, file);
    return ingestAndRecord(read.documents(), ProgressListener.NONE, read.deadLetters(), start);
  }

  /**
   * Ingests one file whose bytes arrive from elsewhere (a Camel route, a message); {@code name}
   * picks the parser and names the documents.
   *
   * @see DocumentFileReader#read(String, String, long, Supplier)
   */
  public IngestReport ingestContent(String name, String source, long size, Supplier<byte[]> content) {
    long start = System.nanoTime();
    DocumentFileReader.Result read = reader.read(name, source, size, content);
    return ingestAndRecord(read.documents(), ProgressListener.NONE, read.deadLetters(), start);
  }

  /** Ingests documents that arrived already parsed (HTTP, a message queue). */
  public IngestReport ingestDocuments(List<Document> documents, ProgressListener progress) {
    return ingestDocuments(documents, Access.UNRESTRICTED, progress);
  }

  /** Ingests already parsed documents into {@code access}'s tenant (from the caller's key, never from the documents). */
  public IngestReport ingestDocuments(List<Document> documents, Access access, ProgressListener progress) {
    return ingestAndRecord(documents, access.tenant(), progress, List.of(), System.nanoTime());
  }

  /** @see DocumentIngestor#delete(String) */
  public boolean delete(String docId) {
    return ingestor.delete(docId);
  }

  /** Deletes {@code access}'s tenant's document {@code docId}; see {@link DocumentIngestor#delete(String, String)}. */
  public boolean delete(String docId, Access access) {
    return ingestor.delete(access.tenant(), docId);
  }

  /** Records a failure that happened outside the reader and the pipeline (e.g. in a route). */
  public void recordFailure(String source, String reason) {
    deadLetters.append(new DeadLetter(source, reason, clock.instant()));
  }

  private IngestReport ingestAndRecord(
      List<Document> documents, ProgressListener progress, List<DeadLetter> rejected, long start) {
    return ingestAndRecord(documents, Access.DEFAULT_TENANT, progress, rejected, start);
  }

  private IngestReport ingestAndRecord(
      List<Document> documents, String tenant, ProgressListener progress, List<DeadLetter> rejected, long start) {
    // record what was rejected before ingesting, so an index failure below cannot lose it
    deadLetters.appendAll(IngestReport.listed(rejected));
    IngestReport report = ingestor.ingest(documents, tenant, progress).withRejected(rejected, Duration.ofNanos(System.nanoTime() - start));
    // the log skips the rejected ones it holds already; the report lists at most MAX_DEAD_LETTERS
    deadLetters.appendAll(report.deadLetters());
    reports.accept(report);
    return report;
  }

  private List<Path> list(Path dir, List<DeadLetter> rejected) {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && !hidden(f)) {
                files.add(f);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              String what = Files.isDirectory(f) ? "unreadable directory: " : "unreadable file: ";
              rejected.add(new DeadLetter(f.toString(), what + DocumentFileReader.reason(e), clock.instant()));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + dir, e);
    }
    files.sort(null);
    return files;
  }

  private static boolean hidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }
}
