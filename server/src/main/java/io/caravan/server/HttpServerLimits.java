package io.caravan.server;

import io.caravan.runtime.CaravanSettings;

/**
 * How much a client may hold of the HTTP server: how long a connection may sit with nothing moving
 * ({@code idleTimeoutMs}), how long a request may take to arrive in full, head and body, counted
 * from the moment the connection is free for it ({@code readTimeoutMs}), how many connections
 * may be open at once ({@code maxConnections}), how many queries run at once ({@code maxInFlight})
 * and wait for a slot ({@code maxQueued}) before the next is refused with 429, and how many queries
 * per second one key may ask ({@code ratePerKey}, 0 for no limit). Without them one client opening
 * connections and sending half a request on each holds a file descriptor per connection for ever,
 * and a burst of queries queues without bound.
 *
 * <p>{@code idleTimeoutMs} counts while a request is being answered too (no byte moves then), so
 * it must stay above the longest query a process may run ({@code caravan.query.max-timeout-ms},
 * two minutes by default; hence three minutes here).
 */
public record HttpServerLimits(int idleTimeoutMs, int readTimeoutMs, int maxConnections, int maxInFlight, int maxQueued, double ratePerKey) {

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
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be positive, was " + maxInFlight);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("maxQueued must not be negative, was " + maxQueued);
    }
    if (!(ratePerKey >= 0) || Double.isInfinite(ratePerKey)) {
      throw new IllegalArgumentException("ratePerKey must be 0 (no limit) or positive, was " + ratePerKey);
    }
  }

  /** Connection limits with the default query limits. */
  public HttpServerLimits(int idleTimeoutMs, int readTimeoutMs, int maxConnections) {
    this(idleTimeoutMs, readTimeoutMs, maxConnections, autoInFlight(), autoQueued(autoInFlight()), 0);
  }

  /**
   * Three minutes idle, 30 s to send a request, 512 connections; as many queries running as
   * processors (query encoding is CPU-bound: more at once only adds latency), four waiting per
   * running one; no per-key rate.
   */
  public static HttpServerLimits defaults() {
    return new HttpServerLimits(180_000, 30_000, 512);
  }

  /** These limits with other query limits. */
  public HttpServerLimits withQueries(int inFlight, int queued, double rate) {
    return new HttpServerLimits(idleTimeoutMs, readTimeoutMs, maxConnections, inFlight, queued, rate);
  }

  /** {@code caravan.http.idle-timeout-ms}, {@code read-timeout-ms}, {@code max-connections}, {@code max-in-flight}, {@code max-queued}, {@code rate-limit}. */
  public static HttpServerLimits from(CaravanSettings s) {
    int inFlight = s.get("caravan.http.max-in-flight").equals("auto") ? autoInFlight() : s.intValue("caravan.http.max-in-flight", 1, 100_000);
    int queued = s.get("caravan.http.max-queued").equals("auto") ? autoQueued(inFlight) : s.intValue("caravan.http.max-queued", 0, 1_000_000);
    return new HttpServerLimits(
        s.intValue("caravan.http.idle-timeout-ms", 1, 3_600_000),
        s.intValue("caravan.http.read-timeout-ms", 1, 3_600_000),
        s.intValue("caravan.http.max-connections", 1, 1_000_000),
        inFlight,
        queued,
        s.doubleValue("caravan.http.rate-limit", 0, 1_000_000));
  }

  private static int autoInFlight() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static int autoQueued(int inFlight) {
    return 4 * inFlight;
  }
}
