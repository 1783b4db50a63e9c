package io.caravan.server.auth;

import java.util.Locale;

/** What a key may do: ask ({@code query}), add and delete documents ({@code ingest}), deploy processes ({@code admin}). */
public enum Scope {
  QUERY,
  INGEST,
  ADMIN;

  /** The lower-case name used in key files and error messages. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code query}, {@code ingest} or {@code admin}. */
  public static Scope parse(String s) {
    for (Scope scope : values()) {
      if (scope.label().equals(s.trim())) {
        return scope;
      }
    }
    throw new IllegalArgumentException("unknown scope '" + s + "'; scopes are query, ingest, admin");
  }
}
