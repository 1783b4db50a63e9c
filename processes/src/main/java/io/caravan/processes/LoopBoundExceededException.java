package io.caravan.processes;

/** A task on a loop was entered more often than its {@code caravan:maxVisits} allows. */
public final class LoopBoundExceededException extends ProcessException {

  private final String processKey;
  private final String taskId;
  private final int maxVisits;

  public LoopBoundExceededException(String processKey, String taskId, String step, int maxVisits) {
    super(
        "process '" + processKey + "' entered task '" + taskId + "' (step '" + step + "') more than its bound of "
            + maxVisits + (maxVisits == 1 ? " visit" : " visits")
            + " (caravan:maxVisits); the loop's exit condition never held");
    this.processKey = processKey;
    this.taskId = taskId;
    this.maxVisits = maxVisits;
  }

  public String processKey() {
    return processKey;
  }

  public String taskId() {
    return taskId;
  }

  public int maxVisits() {
    return maxVisits;
  }
}
