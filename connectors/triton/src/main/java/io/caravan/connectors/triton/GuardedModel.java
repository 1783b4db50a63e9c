package io.caravan.connectors.triton;

import io.caravan.core.spi.Fallback;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One model on one Triton server, with the guards every call goes through: a bound on calls in
 * flight, a deadline per call, retries of transient failures only (with doubling backoff), a circuit
 * breaker, and metrics. Stateless about the data: encoders and rerankers build the tensors.
 */
public final class GuardedModel {

  private static final Logger LOG = Logger.getLogger(GuardedModel.class.getName());

  private final TritonClient client;
  private final String model;
  private final TritonOptions options;
  private final CircuitBreaker breaker;
  private final Semaphore inFlight;
  private final ModelMetrics metrics;

  public GuardedModel(TritonClient client, String model, TritonOptions options) {
    this.client = Objects.requireNonNull(client, "client");
    this.model = Objects.requireNonNull(model, "model");
    this.options = Objects.requireNonNull(options, "options");
    this.breaker = new CircuitBreaker(options.breakerThreshold(), options.breakerOpen());
    this.inFlight = new Semaphore(options.maxConcurrency(), true);
    this.metrics = new ModelMetrics(model);
  }

  public String model() {
    return model;
  }

  public ModelMetrics metrics() {
    return metrics;
  }

  public CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  /**
   * The rule for falling back from this model to a local stand-in (a fallback decorator's): any
   * {@link TritonException} hands the call over, since {@link #infer} has already retried what a
   * retry could help; each fallback is counted in {@link #metrics()} and logged.
   *
   * @param served what the stand-in did, for the log ("texts encoded in-process")
   */
  public Fallback fallback(String served) {
    Objects.requireNonNull(served, "served");
    return new Fallback(
        TritonException.class::isInstance,
        (e, items) -> {
          metrics.fallback(items);
          TritonException.Kind kind = ((TritonException) e).kind(); // the only errors this rule accepts
          LOG.log(Level.WARNING, "Triton model ''{0}'' failed ({1}: {2}); {3} {4} instead", new Object[] {model, kind, e.getMessage(), items, served});
        });
  }

  /**
   * Checks, once, that the server is up, the model ready, and that it has the given inputs and
   * outputs with matching datatypes and dimensions.
   *
   * @throws TritonException UNAVAILABLE, MODEL_NOT_READY or MODEL_MISMATCH, naming the model and server
   */
  public ModelSignature verify(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    Duration d = options.timeout();
    if (!client.serverReady(d)) {
      throw new TritonException(TritonException.Kind.UNAVAILABLE, "Triton at " + client.target() + " is not reachable or not ready");
    }
    if (!client.modelReady(model, d)) {
      throw new TritonException(
          TritonException.Kind.MODEL_NOT_READY, "Triton at " + client.target() + " has no ready model '" + model + "' (wrong name, or not loaded)");
    }
    ModelSignature sig = client.metadata(model, d);
    inputs.forEach(t -> sig.require(t, true));
    outputs.forEach(t -> sig.require(t, false));
    return sig;
  }

  /**
   * One inference of {@code items} items (for the metrics), guarded.
   *
   * @throws TritonException the last failure once attempts are spent, CIRCUIT_OPEN at once while the
   *     breaker is open, or the first non-transient failure
   */
  public List<OutputTensor> infer(List<InputTensor> inputs, List<String> outputs, int items) {
    long backoff = options.retryBackoff().toNanos();
    TritonException last = null;
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      if (!breaker.tryAcquire()) {
        metrics.refused();
        throw new TritonException(
            TritonException.Kind.CIRCUIT_OPEN,
            "circuit breaker for Triton model '" + model + "' at " + client.target() + " is open after repeated failures"
                + (last == null ? "" : "; last: " + last.getMessage()),
            last);
      }
      boolean acquired = false;
      try {
        acquired = inFlight.tryAcquire(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
        if (!acquired) {
          breaker.onNeutral();
          throw new TritonException(
              TritonException.Kind.DEADLINE_EXCEEDED, "no free slot for a call to Triton model '" + model + "' within " + options.timeout());
        }
        long t0 = System.nanoTime();
        List<OutputTensor> out = client.infer(model, inputs, outputs, options.timeout());
        metrics.call(items, System.nanoTime() - t0);
        breaker.onSuccess();
        return out;
      } catch (InterruptedException e) {
        breaker.onNeutral();
        Thread.currentThread().interrupt();
        throw new TritonException(TritonException.Kind.UNAVAILABLE, "interrupted while waiting to call Triton model '" + model + "'", e);
      } catch (TritonException e) {
        metrics.failure();
        if (!e.isTransient()) {
          breaker.onNeutral();
          throw e;
        }
        breaker.onFailure();
        last = e;
      } finally {
        if (acquired) {
          inFlight.release();
        }
      }
      if (attempt < options.maxAttempts()) {
        metrics.retry();
        LockSupport.parkNanos(backoff);
        backoff *= 2;
      }
    }
    throw last;
  }

  @Override
  public String toString() {
    return "GuardedModel(" + model + " at " + client.target() + ")";
  }
}
