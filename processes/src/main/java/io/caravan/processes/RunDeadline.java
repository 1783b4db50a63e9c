package io.caravan.processes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When one run must stop: an expiry instant, and a cancellation that anyone holding this object
 * may set from any thread (the HTTP server sets it when the client goes away). The run checks it
 * before each step task, and every loop passes one, so a run stops at most one step after either.
 * A step already running is not interrupted: interrupting a thread inside Lucene closes its index
 * files, and a step that must bound itself has its own budget.
 *
 * <p>Not a record because the cancellation is mutable; the expiry is fixed at creation. Cost of a
 * check: one clock read and one volatile read.
 */
public final class RunDeadline {

  private final Duration timeout;
  private final Instant expiresAt;
  private final Clock clock;
  private final AtomicReference<String> cancellation = new AtomicReference<>();

  private RunDeadline(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
    this.expiresAt = clock.instant().plus(timeout);
  }

  /** A deadline {@code timeout} from now. */
  public static RunDeadline after(Duration timeout) {
    return after(timeout, Clock.systemUTC());
  }

  /**
   * A deadline {@code timeout} from {@code clock}'s now, checked against the same clock.
   *
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public static RunDeadline after(Duration timeout, Clock clock) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(clock, "clock");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a run's timeout must be positive, was " + timeout.toMillis() + " ms");
    }
    return new RunDeadline(timeout, clock);
  }

  /** The time the run was given. */
  public Duration timeout() {
    return timeout;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public boolean isExpired() {
    return !clock.instant().isBefore(expiresAt);
  }

  /** Asks the run to stop before its next step; the first reason given is the one reported. */
  public void cancel(String reason) {
    Objects.requireNonNull(reason, "reason");
    cancellation.compareAndSet(null, reason);
  }

  public boolean isCancelled() {
    return cancellation.get() != null;
  }

  /** Why the run was cancelled, if it was. */
  public Optional<String> cancellation() {
    return Optional.ofNullable(cancellation.get());
  }

  /**
   * Throws when the run must not start another step: cancelled (checked first, since then nobody
   * waits for an answer) or expired.
   */
  void check(String processKey, String taskId, String step, int stepsRun) {
    String reason = cancellation.get();
    if (reason != null) {
      throw new RunCancelledException(processKey, taskId, step, stepsRun, reason);
    }
    if (isExpired()) {
      throw new RunDeadlineExceededException(processKey, taskId, step, stepsRun, timeout);
    }
  }

  @Override
  public String toString() {
    String reason = cancellation.get();
    return "RunDeadline(" + timeout.toMillis() + " ms, expires " + expiresAt + (reason == null ? "" : ", cancelled: " + reason) + ")";
  }
}
