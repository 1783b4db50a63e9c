package io.caravan.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one ingestion did. {@code added + updated + skipped} documents are in the index with their
 * current content; {@code failed} counts what was left out (a document, a file, or a line of a
 * file), each with one entry in {@code deadLetters}; {@code chunks} is the number of chunks encoded
 * and written. {@code documents} has one result per document given, in the order given (files
 * that yielded no document appear only as dead letters).
 */
public record IngestReport(
    int added,
    int updated,
    int skipped,
    int failed,
    int chunks,
    List<DeadLetter> deadLetters,
    Duration elapsed,
    List<DocumentResult> documents) {

  public IngestReport {
    if (added < 0 || updated < 0 || skipped < 0 || failed < 0 || chunks < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    deadLetters = List.copyOf(deadLetters);
    Objects.requireNonNull(elapsed, "elapsed");
    documents = List.copyOf(documents);
  }

  /** Documents written to the index by this ingestion. */
  public int written() {
    return added + updated;
  }

  /** This report with {@code rejected} items (e.g. files that could not be read) counted as failed. */
  public IngestReport withRejected(List<DeadLetter> rejected, Duration totalElapsed) {
    List<DeadLetter> all = new ArrayList<>(rejected);
    all.addAll(deadLetters);
    return new IngestReport(added, updated, skipped, failed + rejected.size(), chunks, all, totalElapsed, documents);
  }
}
