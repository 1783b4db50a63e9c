package io.caravan.connectors.triton;

/**
 * A call to Triton that did not produce a result, with what kind of failure it was: whether a retry
 * could help ({@link #isTransient()}) decides retries, fallback and the circuit breaker.
 */
public final class TritonException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a call failed. */
  public enum Kind {
    /** Server unreachable, restarting or overloaded: may pass on retry. */
    UNAVAILABLE(true),
    /** The call ran past its deadline: may pass on retry. */
    DEADLINE_EXCEEDED(true),
    /** The circuit breaker is open: no call was made. */
    CIRCUIT_OPEN(false),
    /** The server is up but the model is not loaded or not ready. */
    MODEL_NOT_READY(false),
    /** The model exists but its inputs, outputs, datatypes or dimensions are not what the client needs. */
    MODEL_MISMATCH(false),
    /** The server refused the request or answered with something unusable. */
    REJECTED(false);

    private final boolean transientFailure;

    Kind(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }
  }

  private final Kind kind;

  public TritonException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public TritonException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** True when the same call may succeed later without any change on the client. */
  public boolean isTransient() {
    return kind.transientFailure;
  }
}
