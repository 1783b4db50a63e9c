package io.caravan.processes;

import java.util.Objects;

/**
 * Told of every run of a {@link ProcessRunner} once it has ended, however it ended: the one place
 * where metrics and traces of runs are taken, so that every caller of {@code run} (the library's
 * {@code ask}, the HTTP routes, the CLI) is counted the same way and none can forget to.
 *
 * <p>Called on the thread that ran the process, after the run and before {@code run} returns or
 * throws; the caller waits for it, so it should be quick. What it throws is logged and dropped: an
 * observer never changes a run's result.
 */
@FunctionalInterface
public interface RunListener {

  /** Observes nothing. */
  RunListener NONE = run -> {};

  void ended(RunEnd run);

  /** Both listeners, this one first; a failure of one does not keep the other from being told. */
  default RunListener andThen(RunListener next) {
    Objects.requireNonNull(next, "next");
    return run -> {
      try {
        ended(run);
      } finally {
        next.ended(run);
      }
    };
  }
}
