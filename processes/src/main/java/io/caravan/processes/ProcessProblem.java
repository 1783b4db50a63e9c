package io.caravan.processes;

import java.util.Objects;

/**
 * One thing wrong with a BPMN file: which file, which element ({@code null} for the document as a
 * whole), the line where the parser saw it ({@code 0} when unknown) and what is wrong.
 */
public record ProcessProblem(String resource, String elementId, int line, String message) {

  public ProcessProblem {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(resource);
    if (elementId != null) {
      sb.append(" [").append(elementId).append(']');
    }
    if (line > 0) {
      sb.append(" line ").append(line);
    }
    return sb.append(": ").append(message).toString();
  }
}
