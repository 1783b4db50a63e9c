package io.caravan.processes;

import java.util.List;
import java.util.Objects;

/** What {@link BpmnValidator} found in one file: the process ids it defines and every problem. */
public record ValidationReport(String resource, List<String> processIds, List<ProcessProblem> problems) {

  public ValidationReport {
    Objects.requireNonNull(resource, "resource");
    processIds = List.copyOf(processIds);
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** Throws {@link InvalidProcessException} with all problems when there are any. */
  public ValidationReport orThrow() {
    if (!valid()) {
      throw new InvalidProcessException(problems);
    }
    return this;
  }
}
