package io.caravan.server;

import io.caravan.runtime.CaravanSettings;
import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Authenticator;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The hosted endpoint's settings. {@code auth} says who may call: API keys, or one local user
 * (open mode, refused on anything but a loopback address). {@code maxBodyBytes} caps every
 * request body; {@code maxQueryChars} caps a question, since a 1 MB "question" is an attack or a
 * mistake.
 */
public record HttpSettings(
    String host, int port, Authenticator auth, long maxBodyBytes, int maxQueryChars, String defaultProcess) {

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(auth, "auth");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
    }
    if (maxQueryChars < 1) {
      throw new IllegalArgumentException("maxQueryChars must be positive");
    }
    Objects.requireNonNull(defaultProcess, "defaultProcess");
    if (auth.open() && !loopback(host)) {
      throw new IllegalArgumentException("open mode (no API keys) serves one local user and binds to a loopback address only, not '" + host
          + "'; to serve other machines, give API keys (caravan.http.api-keys-file or CARAVAN_HTTP_API_KEYS; 'caravan keys new' makes one)");
    }
  }

  /**
   * The {@code caravan.http.*} settings: with {@code caravan.http.auth=keys} the keys of {@code
   * caravan.http.api-keys-file}, {@code caravan.http.api-keys} and the admin key ({@code
   * caravan.admin.key}, principal {@code admin} with every scope); at least one is required.
   */
  public static HttpSettings from(CaravanSettings s) {
    long maxBody = s.longValue("caravan.http.max-body-bytes", 1024);
    String mode = s.oneOf("caravan.http.auth", Set.of("keys", "open"));
    ApiKeys keys = keys(s);
    Authenticator auth;
    if (mode.equals("open")) {
      auth = Authenticator.openLocal(keys);
    } else if (keys.isEmpty()) {
      throw CaravanSettings.invalid("caravan.http.auth", "keys needs at least one API key: give caravan.http.api-keys-file or "
          + "CARAVAN_HTTP_API_KEYS ('caravan keys new' prints a key and its entry), or serve one local user without keys on loopback "
          + "with caravan.http.auth=open ('caravan serve --open')");
    } else {
      auth = Authenticator.keys(keys);
    }
    try {
      return new HttpSettings(
          s.get("caravan.http.host"),
          s.intValue("caravan.http.port", 0, 65_535),
          auth,
          maxBody,
          s.intValue("caravan.http.max-query-chars", 1, 1_000_000),
          s.defaultProcess());
    } catch (IllegalArgumentException e) {
      throw CaravanSettings.invalid("caravan.http", e.getMessage());
    }
  }

  private static ApiKeys keys(CaravanSettings s) {
    ApiKeys keys = ApiKeys.none();
    String file = s.get("caravan.http.api-keys-file");
    try {
      if (!file.isBlank()) {
        keys = keys.and(ApiKeys.read(Path.of(file)));
      }
      String inline = s.get("caravan.http.api-keys");
      if (!inline.isBlank()) {
        keys = keys.and(ApiKeys.parse(inline, "caravan.http.api-keys"));
      }
      String admin = s.get("caravan.admin.key");
      if (!admin.isEmpty()) {
        keys = keys.and(ApiKeys.plain(admin, new Principal("admin", io.caravan.core.Access.DEFAULT_TENANT, Set.of(Scope.values()), Set.of())));
      }
    } catch (IllegalArgumentException e) {
      throw CaravanSettings.invalid("caravan.http.api-keys", e.getMessage());
    }
    return keys;
  }

  /** One local user on 127.0.0.1:8080 without keys; the library's and the tests' default. */
  public static HttpSettings local() {
    return new HttpSettings("127.0.0.1", 8080, Authenticator.openLocal(ApiKeys.none()), 10L << 20, 4_096, "rag");
  }

  public HttpSettings withPort(int p) {
    return new HttpSettings(host, p, auth, maxBodyBytes, maxQueryChars, defaultProcess);
  }

  public HttpSettings withAuth(Authenticator a) {
    return new HttpSettings(host, port, a, maxBodyBytes, maxQueryChars, defaultProcess);
  }

  /** Whether {@code host} names only this machine: a loopback address or {@code localhost}. */
  static boolean loopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+|\\[[0-9A-Fa-f:]+\\]")) {
      return false; // a name could resolve elsewhere later; only literal addresses are checked
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "HttpSettings[host=" + host + ", port=" + port + ", auth=" + auth
        + ", maxBodyBytes=" + maxBodyBytes + ", maxQueryChars=" + maxQueryChars + ", defaultProcess=" + defaultProcess + "]";
  }
}
