package io.caravan.server.auth;

import io.caravan.server.ApiException;
import java.util.Objects;

/**
 * Turns a request's credentials into its {@link Principal}: the key in {@code Authorization:
 * Bearer <key>}, {@code X-API-Key} or (the older admin header) {@code X-Caravan-Admin-Key}.
 * Without a key: 401, unless the server runs in open local mode, where the caller is {@link
 * Principal#LOCAL}. A key that is presented must be valid in either mode (401), and a key without
 * the scope a call needs is 403. The key itself never reaches a message or a log.
 */
public final class Authenticator {

  private final ApiKeys keys;
  private final boolean open;

  private Authenticator(ApiKeys keys, boolean open) {
    this.keys = keys;
    this.open = open;
  }

  /** Every call needs one of {@code keys}. */
  public static Authenticator keys(ApiKeys keys) {
    if (Objects.requireNonNull(keys, "keys").isEmpty()) {
      throw new IllegalArgumentException("an authenticator by keys needs at least one key");
    }
    return new Authenticator(keys, false);
  }

  /**
   * Calls without a key are the one local user; {@code keys} (possibly none) still identify the
   * callers that present one, such as an admin deploying a process. Only for a server bound to
   * loopback ({@link io.caravan.server.HttpSettings} checks).
   */
  public static Authenticator openLocal(ApiKeys keys) {
    return new Authenticator(Objects.requireNonNull(keys, "keys"), true);
  }

  public boolean open() {
    return open;
  }

  /**
   * The caller, who must hold {@code scope}.
   *
   * @param credentials the request's headers, looked up by name (case-insensitive names are the caller's job)
   * @throws ApiException 401 without a valid key, 403 when the key lacks {@code scope}
   */
  public Principal authenticate(Credentials credentials, Scope scope) {
    String presented = presented(credentials);
    Principal p;
    if (presented == null) {
      if (!open) {
        throw unauthorized("an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
      }
      p = Principal.LOCAL;
      if (!p.may(scope)) {
        if (!keys.anyWith(scope)) {
          throw new ApiException(403, scope == Scope.ADMIN ? "admin_disabled" : "forbidden", "no key has the scope '" + scope.label()
              + "' this call needs" + (scope == Scope.ADMIN ? ": start the server with an admin key (CARAVAN_ADMIN_KEY) or an API key with scope admin" : ""));
        }
        throw unauthorized("this call needs an API key with the scope '" + scope.label() + "'");
      }
      return p;
    }
    p = keys.authenticate(presented).orElseThrow(() -> unauthorized("the API key is not valid"));
    if (!p.may(scope)) {
      throw new ApiException(403, "forbidden", "the key of '" + p.name() + "' does not have the scope '" + scope.label() + "' this call needs");
    }
    return p;
  }

  private static String presented(Credentials c) {
    String key = c.header("X-API-Key");
    if (key == null) {
      key = c.header("X-Caravan-Admin-Key");
    }
    if (key == null) {
      String authorization = c.header("Authorization");
      if (authorization != null) {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
          throw unauthorized("the Authorization header must be 'Bearer <key>'");
        }
        key = authorization.substring(7).strip();
      }
    }
    return key == null || key.isEmpty() ? null : key;
  }

  /** Where the credentials come from: a request's headers. */
  @FunctionalInterface
  public interface Credentials {
    /** The header's value, or null. */
    String header(String name);
  }

  private static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message).withHeader("WWW-Authenticate", "Bearer realm=\"caravan\"");
  }

  @Override
  public String toString() {
    return open ? "open local mode, " + keys : keys.toString();
  }
}
