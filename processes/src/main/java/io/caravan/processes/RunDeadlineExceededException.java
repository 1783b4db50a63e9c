package io.caravan.processes;

import java.time.Duration;

/** A run went past its deadline and was stopped before its next step. */
public final class RunDeadlineExceededException extends RunStoppedException {

  private final Duration timeout;

  public RunDeadlineExceededException(String processKey, String taskId, String step, int stepsRun, Duration timeout) {
    super(
        "process '" + processKey + "' ran past its deadline of " + timeout.toMillis() + " ms and was stopped "
            + where(taskId, step, stepsRun),
        processKey, taskId, step, stepsRun);
    this.timeout = timeout;
  }

  /** The time the run was given. */
  public Duration timeout() {
    return timeout;
  }
}
