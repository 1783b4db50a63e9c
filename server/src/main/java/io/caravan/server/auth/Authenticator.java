package io.caravan.server.auth;

import io.caravan.server.ApiException;
import java.util.Objects;

/**
 * Turns a request's credentials into its {@link Principal}: the key in {@code Authorization:
 * Bearer <key>} or {@code X-API-Key}. Open local mode makes every caller {@link Principal#LOCAL};
 * otherwise a missing or unknown key is 401 and a key without the scope a call needs is 403. The
 * key itself never reaches a message or a log.
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
    return new Authenticator(Objects.requireNonNull(keys, "keys"), false);
  }

  /** No key needed: one local user. Only for a server bound to loopback (the server checks). */
  public static Authenticator openLocal() {
    return new Authenticator(ApiKeys.none(), true);
  }

  public boolean open() {
    return open;
  }

  /**
   * The caller, who must hold {@code scope}.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param apiKey the {@code X-API-Key} header, or null
   * @throws ApiException 401 without a valid key, 403 when the key lacks {@code scope}
   */
  public Principal authenticate(String authorization, String apiKey, Scope scope) {
    Principal p = open ? Principal.LOCAL : identify(authorization, apiKey);
    if (!p.may(scope)) {
      throw new ApiException(403, "forbidden", "the key of '" + p.name() + "' does not have the scope '" + scope.label() + "' this call needs");
    }
    return p;
  }

  private Principal identify(String authorization, String apiKey) {
    String presented = apiKey;
    if (presented == null && authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw unauthorized("the Authorization header must be 'Bearer <key>'");
      }
      presented = authorization.substring(7).strip();
    }
    if (presented == null || presented.isEmpty()) {
      throw unauthorized("an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
    }
    return keys.authenticate(presented).orElseThrow(() -> unauthorized("the API key is not valid"));
  }

  private static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  @Override
  public String toString() {
    return open ? "Authenticator[open local mode]" : "Authenticator[" + keys + "]";
  }
}
