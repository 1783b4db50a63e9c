package io.caravan.processes;

import java.util.List;

/** A BPMN file (or several) that cannot be deployed, with every problem found, not just the first. */
public final class InvalidProcessException extends ProcessException {

  private final List<ProcessProblem> problems;

  public InvalidProcessException(List<ProcessProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ProcessProblem> problems() {
    return problems;
  }

  private static String message(List<ProcessProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid process needs at least one problem");
    }
    StringBuilder sb = new StringBuilder("BPMN rejected, ")
        .append(problems.size())
        .append(problems.size() == 1 ? " problem:" : " problems:");
    for (ProcessProblem p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
