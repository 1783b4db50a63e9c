package io.caravan.agents;

import java.util.Objects;

/**
 * What one tool call gave back: the text handed to the model as the tool's result, and whether the
 * call succeeded. A failed call (invalid arguments, unknown tool, an exception in the route) is a
 * result too, with a message the model can act on, never an exception that ends the process.
 */
public record ToolResult(String tool, String arguments, boolean ok, String text) {
  public ToolResult {
    Objects.requireNonNull(tool, "tool");
    arguments = arguments == null ? "" : arguments;
    Objects.requireNonNull(text, "text");
  }

  public static ToolResult error(String tool, String arguments, String message) {
    return new ToolResult(tool, arguments, false, "ERROR: " + message);
  }
}
