package io.caravan.server;

import java.util.List;

/**
 * An error the HTTP API answers with its own status and a JSON body {@code {"error": {"status",
 * "code", "message", "details"}}}; never a stack trace.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final List<String> details;

  public ApiException(int status, String code, String message, List<String> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<String> details() {
    return details;
  }
}
