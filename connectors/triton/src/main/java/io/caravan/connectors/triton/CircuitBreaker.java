package io.caravan.connectors.triton;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling a server that keeps failing, so callers fail (or fall back) at once instead of each
 * waiting out a deadline. Closed: calls pass; {@code threshold} transient failures in a row open it.
 * Open: calls are refused for {@code openFor}. Then one probe call is let through (half-open): its
 * success closes the breaker, its failure opens it again. Traffic therefore recovers by itself once
 * the server is back, after at most {@code openFor}.
 *
 * <p>A small explicit breaker rather than camel-resilience4j: it must guard the batched gRPC call
 * inside the encoder, which is not a Camel route, and it is these forty lines.
 */
public final class CircuitBreaker {

  /** The breaker's state, as metrics report it. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final long openForNanos;
  private final LongSupplier clock;
  private int failures;
  private long openedAt;
  private State state = State.CLOSED;
  private boolean probing;

  public CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoClock) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be positive, was " + threshold);
    }
    this.threshold = threshold;
    this.openForNanos = openFor.toNanos();
    this.clock = nanoClock;
  }

  public CircuitBreaker(int threshold, Duration openFor) {
    this(threshold, openFor, System::nanoTime);
  }

  /** True when a call may go out now; a true in the open state makes that call the probe. */
  public synchronized boolean tryAcquire() {
    if (state == State.OPEN && clock.getAsLong() - openedAt >= openForNanos) {
      state = State.HALF_OPEN;
      probing = false;
    }
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> {
        if (probing) {
          yield false;
        }
        probing = true;
        yield true;
      }
    };
  }

  public synchronized void onSuccess() {
    failures = 0;
    probing = false;
    state = State.CLOSED;
  }

  /** Records a transient failure (non-transient ones say nothing about the server's health). */
  public synchronized void onFailure() {
    failures++;
    if (state == State.HALF_OPEN || failures >= threshold) {
      state = State.OPEN;
      openedAt = clock.getAsLong();
      probing = false;
    }
  }

  /** A call that was let through ended without saying anything about the server (a bad request). */
  public synchronized void onNeutral() {
    probing = false;
  }

  public synchronized State state() {
    if (state == State.OPEN && clock.getAsLong() - openedAt >= openForNanos) {
      return State.HALF_OPEN;
    }
    return state;
  }
}
