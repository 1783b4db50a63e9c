package io.caravan.server.auth;

import io.caravan.server.ApiException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Queries per second per key: a token bucket per principal, refilled at {@code rate} per second and
 * holding at most {@code rate} tokens (one second's burst, at least one). Principals come from the
 * key file, so the number of buckets is bounded by the number of keys.
 */
public final class KeyRateLimiter {

  private final double rate;
  private final double burst;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** @param rate queries per second per key; 0 is no limit */
  public KeyRateLimiter(double rate, LongSupplier nanoClock) {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be 0 or positive, was " + rate);
    }
    this.rate = rate;
    this.burst = Math.max(1, rate);
    this.nanoClock = nanoClock;
  }

  public KeyRateLimiter(double rate) {
    this(rate, System::nanoTime);
  }

  /**
   * Takes one query from {@code caller}'s bucket.
   *
   * @throws ApiException 429 with {@code Retry-After} when the bucket is empty
   */
  public void take(Principal caller) {
    if (rate == 0 || caller == Principal.LOCAL) {
      return; // the limit is per key; the local user of open mode has none
    }
    Bucket b = buckets.computeIfAbsent(caller.name(), n -> new Bucket(burst, nanoClock.getAsLong()));
    double waitSeconds = b.take(nanoClock.getAsLong());
    if (waitSeconds > 0) {
      throw new ApiException(429, "rate_limited", "the key of '" + caller.name() + "' may ask " + rate + " queries per second; retry in "
          + Math.round(waitSeconds * 1000) + " ms")
          .withHeader("Retry-After", Long.toString((long) Math.ceil(waitSeconds)));
    }
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    /** 0 when a token was taken, else the seconds until one is there. */
    synchronized double take(long now) {
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) / rate;
    }
  }
}
