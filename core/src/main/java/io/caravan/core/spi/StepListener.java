package io.caravan.core.spi;

import io.caravan.core.TraceEvent;

/**
 * Told of each step as it finishes, with the event the trace records for it: what a streaming
 * endpoint sends its client while the process still runs. Called on the thread that runs the
 * process; an exception thrown here (the client went away) fails the run.
 */
@FunctionalInterface
public interface StepListener {

  void stepFinished(TraceEvent event);
}
