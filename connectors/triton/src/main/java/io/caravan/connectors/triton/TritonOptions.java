package io.caravan.connectors.triton;

import java.time.Duration;
import java.util.Objects;

/**
 * How Caravan talks to one Triton server: where it is and how calls are guarded and batched.
 *
 * @param grpcTarget {@code host:port} of the KServe v2 gRPC endpoint
 * @param timeout deadline of one server call (each retry gets a fresh one)
 * @param maxAttempts tries per call, first included; only transient failures are retried
 * @param retryBackoff wait before the first retry, doubled for each further one
 * @param batchWindow how long the client waits for more concurrent requests before sending a batch
 * @param maxBatch most items per server call
 * @param maxConcurrency most calls in flight to the server at once
 * @param breakerThreshold transient failures in a row that open the circuit breaker
 * @param breakerOpen how long the open breaker refuses calls before it lets a probe through
 * @param padMultiple token sequences are padded to a multiple of this, so requests from different
 *     clients more often share a shape and Triton's dynamic batcher can merge them
 */
public record TritonOptions(
    String grpcTarget,
    Duration timeout,
    int maxAttempts,
    Duration retryBackoff,
    Duration batchWindow,
    int maxBatch,
    int maxConcurrency,
    int breakerThreshold,
    Duration breakerOpen,
    int padMultiple) {

  public TritonOptions {
    Objects.requireNonNull(grpcTarget, "grpcTarget");
    positive(timeout, "timeout");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(batchWindow, "batchWindow");
    positive(breakerOpen, "breakerOpen");
    atLeastOne(maxAttempts, "maxAttempts");
    atLeastOne(maxBatch, "maxBatch");
    atLeastOne(maxConcurrency, "maxConcurrency");
    atLeastOne(breakerThreshold, "breakerThreshold");
    atLeastOne(padMultiple, "padMultiple");
  }

  /**
   * Defaults sized for a small, shared CPU machine: 10 s deadline (a full batch of 32 long passages
   * takes seconds on 2 busy cores), 3 attempts from 50 ms, a 2 ms batch window,
   * batches of up to 32, 2 calls in flight, breaker after 5 failures for 2 s, padding to 16 tokens.
   */
  public static TritonOptions defaults(String grpcTarget) {
    return new TritonOptions(grpcTarget, Duration.ofSeconds(10), 3, Duration.ofMillis(50), Duration.ofMillis(2), 32, 2, 5, Duration.ofSeconds(2), 16);
  }

  public TritonOptions withTimeout(Duration t) {
    return new TritonOptions(grpcTarget, t, maxAttempts, retryBackoff, batchWindow, maxBatch, maxConcurrency, breakerThreshold, breakerOpen, padMultiple);
  }

  public TritonOptions withBatching(Duration window, int batch, int concurrency) {
    return new TritonOptions(grpcTarget, timeout, maxAttempts, retryBackoff, window, batch, concurrency, breakerThreshold, breakerOpen, padMultiple);
  }

  public TritonOptions withRetries(int attempts, Duration backoff) {
    return new TritonOptions(grpcTarget, timeout, attempts, backoff, batchWindow, maxBatch, maxConcurrency, breakerThreshold, breakerOpen, padMultiple);
  }

  public TritonOptions withBreaker(int threshold, Duration open) {
    return new TritonOptions(grpcTarget, timeout, maxAttempts, retryBackoff, batchWindow, maxBatch, maxConcurrency, threshold, open, padMultiple);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  private static void atLeastOne(int v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + v);
    }
  }
}
