package io.caravan.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that could not be ingested: a file, a line of a file, or one document. {@code source}
 * names it precisely enough to find it again (a path, or {@code path#docId} for one document of a
 * file); {@code reason} says what was wrong in words a person can act on.
 */
public record DeadLetter(String source, String reason, Instant time) {

  public DeadLetter {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(time, "time");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a dead letter needs a reason");
    }
  }
}
