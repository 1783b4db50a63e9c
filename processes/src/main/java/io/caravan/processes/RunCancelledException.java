package io.caravan.processes;

/** A run was cancelled (its caller went away) and stopped before its next step. */
public final class RunCancelledException extends RunStoppedException {

  private final String reason;

  public RunCancelledException(String processKey, String taskId, String step, int stepsRun, String reason) {
    super("process '" + processKey + "' was cancelled (" + reason + ") " + where(taskId, step, stepsRun), processKey, taskId, step, stepsRun);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
