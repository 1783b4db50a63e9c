package io.caravan.processes;

/**
 * A run stopped before a step task because its {@link RunDeadline} passed or was cancelled. The
 * step that was running when that happened finished; no later step started.
 */
public abstract sealed class RunStoppedException extends ProcessException
    permits RunDeadlineExceededException, RunCancelledException {

  private final String processKey;
  private final String taskId;
  private final String step;
  private final int stepsRun;

  RunStoppedException(String message, String processKey, String taskId, String step, int stepsRun) {
    super(message);
    this.processKey = processKey;
    this.taskId = taskId;
    this.step = step;
    this.stepsRun = stepsRun;
  }

  static String where(String taskId, String step, int stepsRun) {
    return "before task '" + taskId + "' (step '" + step + "') after " + stepsRun + (stepsRun == 1 ? " step" : " steps");
  }

  public String processKey() {
    return processKey;
  }

  /** The task that did not start. */
  public String taskId() {
    return taskId;
  }

  public String step() {
    return step;
  }

  /** Step tasks the run had finished. */
  public int stepsRun() {
    return stepsRun;
  }
}
