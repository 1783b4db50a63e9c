package io.caravan.processes;

import java.util.List;

/** A run asked for a process key that nothing deployed. */
public final class UnknownProcessException extends ProcessException {

  private final String processKey;

  public UnknownProcessException(String processKey, List<String> deployedKeys) {
    super("no process with key '" + processKey + "' is deployed; deployed keys: " + deployedKeys);
    this.processKey = processKey;
  }

  public String processKey() {
    return processKey;
  }
}
