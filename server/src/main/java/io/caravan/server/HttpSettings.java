package io.caravan.server;

import io.caravan.runtime.CaravanSettings;
import java.util.Objects;

/**
 * The hosted endpoint's settings. {@code adminKey} empty disables the admin calls (deploying BPMN)
 * rather than leaving them open. {@code maxBodyBytes} caps every request body; {@code
 * maxQueryChars} caps a question, since a 1 MB "question" is an attack or a mistake.
 */
public record HttpSettings(
    String host, int port, String adminKey, long maxBodyBytes, int maxQueryChars, String defaultProcess) {

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    adminKey = adminKey == null ? "" : adminKey;
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
    }
    if (maxQueryChars < 1) {
      throw new IllegalArgumentException("maxQueryChars must be positive");
    }
    Objects.requireNonNull(defaultProcess, "defaultProcess");
  }

  /** The {@code caravan.http.*} settings, the admin key and the default process. */
  public static HttpSettings from(CaravanSettings s) {
    long maxBody = s.longValue("caravan.http.max-body-bytes", 1024);
    try {
      return new HttpSettings(
          s.get("caravan.http.host"),
          s.intValue("caravan.http.port", 0, 65_535),
          s.get("caravan.admin.key"),
          maxBody,
          s.intValue("caravan.http.max-query-chars", 1, 1_000_000),
          s.defaultProcess());
    } catch (IllegalArgumentException e) {
      throw CaravanSettings.invalid("caravan.http", e.getMessage());
    }
  }

  public static HttpSettings defaults() {
    return new HttpSettings("127.0.0.1", 8080, "", 10L << 20, 4_096, "rag");
  }

  public HttpSettings withPort(int p) {
    return new HttpSettings(host, p, adminKey, maxBodyBytes, maxQueryChars, defaultProcess);
  }

  public HttpSettings withAdminKey(String key) {
    return new HttpSettings(host, port, key, maxBodyBytes, maxQueryChars, defaultProcess);
  }

  @Override
  public String toString() {
    return "HttpSettings[host=" + host + ", port=" + port + ", adminKey=" + (adminKey.isEmpty() ? "(none)" : "(set)")
        + ", maxBodyBytes=" + maxBodyBytes + ", maxQueryChars=" + maxQueryChars + ", defaultProcess=" + defaultProcess + "]";
  }
}
