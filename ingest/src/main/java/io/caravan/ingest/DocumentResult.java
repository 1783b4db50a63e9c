package io.caravan.ingest;

import java.util.Locale;
import java.util.Objects;

/**
 * What one ingestion did with one document: {@code chunks} written (0 unless added or updated) and,
 * for a failure, the {@code reason} (empty otherwise). Together the results of a call say exactly
 * which documents are stored, which is what makes retrying a call safe after a lost answer.
 */
public record DocumentResult(String id, Outcome outcome, int chunks, String reason) {

  /** Added (new id), updated (changed content replaced the old chunks), skipped (unchanged), failed (not stored). */
  public enum Outcome {
    ADDED, UPDATED, SKIPPED, FAILED;

    /** The lower-case name the HTTP API uses. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public DocumentResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(outcome, "outcome");
    reason = reason == null ? "" : reason;
    if ((outcome == Outcome.FAILED) == reason.isEmpty()) {
      throw new IllegalArgumentException("a failed document needs a reason, and only a failed one has one");
    }
    if (chunks < 0) {
      throw new IllegalArgumentException("chunks must not be negative");
    }
  }
}
