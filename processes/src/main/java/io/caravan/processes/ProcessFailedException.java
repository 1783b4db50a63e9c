package io.caravan.processes;

/**
 * A run failed for a reason outside any step: a gateway condition that cannot be evaluated, a
 * process that stopped at a wait state, an engine error.
 */
public final class ProcessFailedException extends ProcessException {

  private final String processKey;

  public ProcessFailedException(String processKey, String reason, Throwable cause) {
    super("process '" + processKey + "' failed: " + reason, cause);
    this.processKey = processKey;
  }

  public String processKey() {
    return processKey;
  }
}
