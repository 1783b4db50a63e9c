package io.caravan.processes;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How long runs may take: {@code standard} when the caller names no timeout, and the {@code
 * maximum} a caller may ask for (an HTTP client's {@code timeout_ms}), so no request can hold a
 * worker for longer than the operator allows.
 */
public record RunTimeouts(Duration standard, Duration maximum) {

  public RunTimeouts {
    Objects.requireNonNull(standard, "standard");
    Objects.requireNonNull(maximum, "maximum");
    if (standard.isNegative() || standard.isZero()) {
      throw new IllegalArgumentException("the standard timeout must be positive, was " + standard.toMillis() + " ms");
    }
    if (maximum.compareTo(standard) < 0) {
      throw new IllegalArgumentException(
          "the maximum timeout (" + maximum.toMillis() + " ms) must be at least the standard one (" + standard.toMillis() + " ms)");
    }
  }

  /** 30 seconds unless asked otherwise, at most 2 minutes. */
  public static RunTimeouts defaults() {
    return new RunTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(2));
  }

  /** A deadline starting now on the system clock; {@code requested} null means the standard timeout. */
  public RunDeadline deadline(Duration requested) {
    return deadline(requested, Clock.systemUTC());
  }

  /**
   * A deadline starting now; {@code requested} null means the standard timeout.
   *
   * @throws IllegalArgumentException when {@code requested} is not positive or above the maximum
   */
  public RunDeadline deadline(Duration requested, Clock clock) {
    if (requested != null && requested.compareTo(maximum) > 0) {
      throw new IllegalArgumentException(
          "a timeout of " + requested.toMillis() + " ms is above the maximum of " + maximum.toMillis() + " ms");
    }
    return RunDeadline.after(requested == null ? standard : requested, clock);
  }
}
