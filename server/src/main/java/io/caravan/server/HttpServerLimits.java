package io.caravan.server;

import io.caravan.runtime.CaravanSettings;

/**
 * How much a client may hold of the HTTP server: how long a connection may sit with nothing moving
 * ({@code idleTimeoutMs}), how long a request may take to arrive in full, head and body, counted
 * from the moment the connection is free for it ({@code readTimeoutMs}), and how many connections
 * may be open at once ({@code maxConnections}). Without them one client opening connections and
 * sending half a request on each holds a file descriptor per connection for ever.
 *
 * <p>{@code idleTimeoutMs} counts while a request is being answered too (no byte moves then), so
 * it must stay above the longest query a process may run ({@code caravan.query.max-timeout-ms},
 * two minutes by default; hence three minutes here).
 */
public record HttpServerLimits(int idleTimeoutMs, int readTimeoutMs, int maxConnections) {

  public HttpServerLimits {
    if (idleTimeoutMs < 1) {
      throw new IllegalArgumentException("idleTimeoutMs must be positive, was " + idleTimeoutMs);
    }
    if (readTimeoutMs < 1) {
      throw new IllegalArgumentException("readTimeoutMs must be positive, was " + readTimeoutMs);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, was " + maxConnections);
    }
  }

  /** Three minutes idle, 30 s to send a request, 512 connections. */
  public static HttpServerLimits defaults() {
    return new HttpServerLimits(180_000, 30_000, 512);
  }

  /** {@code caravan.http.idle-timeout-ms}, {@code read-timeout-ms} and {@code max-connections}. */
  public static HttpServerLimits from(CaravanSettings s) {
    return new HttpServerLimits(
        s.intValue("caravan.http.idle-timeout-ms", 1, 3_600_000),
        s.intValue("caravan.http.read-timeout-ms", 1, 3_600_000),
        s.intValue("caravan.http.max-connections", 1, 1_000_000));
  }
}
