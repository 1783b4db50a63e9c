package io.caravan.processes;

import io.caravan.processes.camel.CaravanComponent;

/** A step reached from a process failed, or answered with something that is not the query's state. */
public final class StepFailedException extends ProcessException {

  private final String processKey;
  private final String taskId;
  private final String step;

  public StepFailedException(String processKey, String taskId, String step, String reason, Throwable cause) {
    super(
        "step '" + step + "' failed in process '" + processKey + "' at task '" + taskId + "' ("
            + CaravanComponent.STEP_PREFIX + step + "): " + reason,
        cause);
    this.processKey = processKey;
    this.taskId = taskId;
    this.step = step;
  }

  public String processKey() {
    return processKey;
  }

  public String taskId() {
    return taskId;
  }

  public String step() {
    return step;
  }
}
