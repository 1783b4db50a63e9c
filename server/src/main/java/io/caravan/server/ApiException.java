package io.caravan.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error the HTTP API answers with its own status and a JSON body {@code {"error": {"status",
 * "code", "message", "details"}}}; never a stack trace.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final List<String> details;
  private final Map<String, String> headers;

  public ApiException(int status, String code, String message, List<String> details) {
    this(status, code, message, details, Map.of());
  }

  private ApiException(int status, String code, String message, List<String> details, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
    this.headers = Map.copyOf(headers);
  }

  /** This error with one more response header (such as {@code Retry-After}). */
  public ApiException withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiException(status, code, getMessage(), details, h);
  }

  /** Response headers that go with the error. */
  public Map<String, String> headers() {
    return headers;
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
