package io.caravan.server;

import io.caravan.core.UnicodeText;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A failure as the server log shows it: type, message and frames of the exception and each cause,
 * like {@link Throwable#printStackTrace()}, but with every message escaped ({@link
 * UnicodeText#escapeControls}). A message may quote a request (a document id, a process name), and
 * a line break in it would otherwise start a log line that the request wrote.
 */
public final class ErrorLog {

  private ErrorLog() {}

  public static String stackTrace(Throwable t) {
    StringBuilder out = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String prefix = "";
    for (Throwable e = t; e != null && seen.add(e); e = e.getCause()) {
      out.append(prefix).append(e.getClass().getName());
      if (e.getMessage() != null) {
        out.append(": ").append(UnicodeText.escapeControls(e.getMessage()));
      }
      for (StackTraceElement frame : e.getStackTrace()) {
        out.append("\n\tat ").append(frame);
      }
      prefix = "\nCaused by: ";
    }
    return out.toString();
  }
}
