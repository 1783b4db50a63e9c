package io.caravan.routes.http;

/**
 * How much a client may hold of the HTTP server: how long a connection may sit with nothing moving
 * ({@code idleTimeoutMs}), how long a request may take to arrive in full, head and body, counted
 * from the moment the connection is free for it ({@code readTimeoutMs}), and how many connections
 * may be open at once ({@code maxConnections}). Without them one client opening connections and
 * sending half a request on each holds a file descriptor per connection for ever.
 *
 * <p>{@code idleTimeoutMs} counts while a request is being answered too (no byte moves then), so
 * it must stay above the longest query a process may run.
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

  /** One minute idle, 30 s to send a request, 512 connections. */
  public static HttpServerLimits defaults() {
    return new HttpServerLimits(60_000, 30_000, 512);
  }
}
