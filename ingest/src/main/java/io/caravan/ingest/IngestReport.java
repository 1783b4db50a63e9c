package io.caravan.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one ingestion did. {@code added + updated + skipped} documents are in the index with their
 * current content; {@code failed} counts what was left out (a document, a file, or a line of a
 * file); {@code chunks} is the number of chunks encoded and written. {@code documents} has one
 * result per document given, in the order given (files that yielded no document appear only as
 * dead letters).
 *
 * <p>{@code deadLetters} lists each distinct failure (source and reason) once, the first {@value
 * #MAX_DEAD_LETTERS} of them, in the order they happened: one request that repeats an id ten
 * thousand times, or sends ten thousand broken documents, gets a bounded report and a bounded
 * dead-letter log, and {@code failed} still counts every failure.
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

  /** The most dead letters one ingestion lists (and writes to the dead-letter log). */
  public static final int MAX_DEAD_LETTERS = 100;

  public IngestReport {
    if (added < 0 || updated < 0 || skipped < 0 || failed < 0 || chunks < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    deadLetters = listed(deadLetters);
    if (failed < deadLetters.size()) {
      throw new IllegalArgumentException("failed (" + failed + ") must count at least the " + deadLetters.size() + " dead letters listed");
    }
    Objects.requireNonNull(elapsed, "elapsed");
    documents = List.copyOf(documents);
  }

  /** The dead letters a report lists: the first of each source and reason, at most {@link #MAX_DEAD_LETTERS}. */
  public static List<DeadLetter> listed(List<DeadLetter> deadLetters) {
    List<DeadLetter> out = new ArrayList<>(Math.min(deadLetters.size(), MAX_DEAD_LETTERS));
    Set<List<String>> seen = new HashSet<>();
    for (DeadLetter d : deadLetters) {
      if (out.size() == MAX_DEAD_LETTERS) {
        break;
      }
      if (seen.add(List.of(d.source(), d.reason()))) {
        out.add(d);
      }
    }
    return List.copyOf(out);
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
