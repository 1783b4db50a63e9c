package io.caravan.processes;

import io.caravan.core.RagState;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How one run ended, as a {@link RunListener} is told of it.
 *
 * @param processKey the key the run asked for; a deployed process's key unless {@code outcome} is
 *     {@link Outcome#UNKNOWN_PROCESS}, when it is whatever the caller sent
 * @param started the wall-clock time the run started (for spans laid out after the fact)
 * @param elapsed the run's time as the runner measured it, engine and steps
 * @param state the final state of a finished run; the state as far as the run got otherwise (its
 *     trace has the steps that finished; the initial state when none did)
 * @param failure what stopped the run; empty when it finished
 */
public record RunEnd(String processKey, Outcome outcome, Instant started, Duration elapsed, RagState state, Optional<RuntimeException> failure) {

  public RunEnd {
    Objects.requireNonNull(processKey, "processKey");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(failure, "failure");
    if (failure.isPresent() == (outcome == Outcome.FINISHED)) {
      throw new IllegalArgumentException("a failure goes with every outcome but FINISHED, was " + outcome + " with " + failure);
    }
  }

  /** How a run ended; {@link #tag()} is its lower-case name for metrics and span attributes. */
  public enum Outcome {
    FINISHED,
    /** A step failed, a loop went past its bound, or anything else stopped the run. */
    FAILED,
    DEADLINE_EXCEEDED,
    CANCELLED,
    /** Nothing is deployed under the key asked for. */
    UNKNOWN_PROCESS;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Outcome of(RuntimeException e) {
      if (e instanceof RunDeadlineExceededException) {
        return DEADLINE_EXCEEDED;
      }
      if (e instanceof RunCancelledException) {
        return CANCELLED;
      }
      return e instanceof UnknownProcessException ? UNKNOWN_PROCESS : FAILED;
    }
  }
}
