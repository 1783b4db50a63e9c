package io.caravan.research.eval.stats;

import java.time.Duration;

/**
 * Latency of a batch of requests: per-request latencies in milliseconds summarised by mean and
 * {@link Percentiles} (linear interpolation), and throughput as requests per second of the wall time
 * the whole batch took (which, with concurrency, is less than the sum of latencies).
 */
public record LatencySummary(int count, double meanMillis, double p50Millis, double p95Millis, double p99Millis, double throughputPerSecond) {

  public static LatencySummary of(double[] latenciesMillis, Duration wall) {
    if (wall == null || wall.isNegative() || wall.isZero()) {
      throw new IllegalArgumentException("wall time must be positive, got " + wall);
    }
    Percentiles p = new Percentiles(latenciesMillis);
    double sum = 0;
    for (double v : latenciesMillis) {
      if (v < 0) {
        throw new IllegalArgumentException("latency must not be negative, got " + v);
      }
      sum += v;
    }
    int n = latenciesMillis.length;
    double wallSeconds = wall.toNanos() / 1e9;
    return new LatencySummary(n, sum / n, p.p50(), p.p95(), p.p99(), n / wallSeconds);
  }
}
