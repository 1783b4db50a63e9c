package io.caravan.processes;

import org.flowable.common.engine.api.FlowableException;

/**
 * Base of the failures Caravan's process layer reports itself. {@link ProcessRunner} unwraps them
 * from Flowable's wrappers, so a failed run or deployment surfaces as one of these types.
 *
 * <p>A {@link FlowableException} so that Flowable passes it through its command stack unwrapped
 * and logs it at INFO, not as an ERROR with a stack trace: the caller receives the exception and
 * decides how loudly a failed query is reported.
 */
public abstract class ProcessException extends FlowableException {

  protected ProcessException(String message) {
    super(message);
    setReduceLogLevel(true);
  }

  protected ProcessException(String message, Throwable cause) {
    super(message, cause);
    setReduceLogLevel(true);
  }
}
