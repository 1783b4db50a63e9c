package io.caravan.connectors.generation;

import java.net.ConnectException;
import java.time.Duration;

/**
 * A call to the chat model failed (server unreachable, timed out, refused the request). The message
 * names the model and server and sums up the cause chain, which LangChain4j often leaves as a bare
 * {@code RuntimeException: java.net.ConnectException}; the original exception is the cause.
 */
public final class ChatModelException extends RuntimeException {

  ChatModelException(String model, Duration after, RuntimeException cause) {
    super("chat model " + model + " failed after " + after.toMillis() + " ms: " + summary(cause), cause);
  }

  /** Each distinct class and message of the cause chain, outermost first, bare wrappers skipped. */
  private static String summary(Throwable e) {
    StringBuilder out = new StringBuilder();
    String previous = null;
    boolean refused = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      refused |= t instanceof ConnectException;
      String message = t.getMessage();
      Throwable cause = t.getCause();
      boolean wrapper = cause != null && (message == null || message.equals(cause.toString()));
      if (wrapper && t.getClass() == RuntimeException.class) {
        continue;
      }
      String part = t.getClass().getSimpleName();
      if (message != null && !message.isBlank() && !wrapper) {
        part += " (" + message.strip() + ")";
      }
      if (!part.equals(previous)) {
        out.append(previous == null ? "" : " <- ").append(part);
        previous = part;
      }
    }
    if (refused) {
      out.append("; is the server running and the base URL right?");
    }
    return out.toString();
  }
}
