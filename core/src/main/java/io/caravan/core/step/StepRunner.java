package io.caravan.core.step;

import io.caravan.core.AttributeKey;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.spi.Step;
import io.caravan.core.spi.StepListener;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs steps: measures each call and appends the step's trace event, named after the step, with
 * the duration and the content its {@link Step.Result} gives. Every path that runs a step goes
 * through here (the Camel step routes, the direct calls of the latency benchmark, tests), so every
 * step of a query shows in its trace exactly once and all durations cover the same span: the
 * step's own work, from the call to its result.
 *
 * <p>A step that is not a Java {@link Step} (a route answering a step's endpoint) is timed by
 * {@link #start} and {@link Started#finish} around its exchange instead.
 *
 * <p>Cost: two clock reads and one state copy per step.
 */
public final class StepRunner {

  /** Who hears of each finished step, if anyone: set on the initial state of a streamed run. */
  public static final AttributeKey<StepListener> LISTENER = AttributeKey.of("caravan.step-listener", StepListener.class);

  private StepRunner() {}

  /**
   * Runs {@code step} on {@code state} and appends its trace event.
   *
   * @throws IllegalStateException when the step appended a trace event itself
   */
  public static RagState run(Step step, RagState state) {
    Objects.requireNonNull(state, "state");
    Started clock = start(step.name());
    Step.Result result = step.run(state);
    requireOwnEvents(step.name(), state, result.state());
    return clock.finish(result);
  }

  private static void requireOwnEvents(String step, RagState before, RagState after) {
    int added = after.trace().events().size() - before.trace().events().size();
    if (added != 0) {
      throw new IllegalStateException(
          "step '" + step + "' changed the trace itself (" + added + " events); a step returns its event's content and the step runner appends it");
    }
  }

  /** Starts the clock of a step that runs elsewhere; {@link Started#finish} appends its event. */
  public static Started start(String step) {
    return new Started(Objects.requireNonNull(step, "step"), System.nanoTime());
  }

  /** A step whose clock runs: finished once, with what the step returned. */
  public static final class Started {

    private final String step;
    private final long startNanos;

    private Started(String step, long startNanos) {
      this.step = step;
      this.startNanos = startNanos;
    }

    public String step() {
      return step;
    }

    /**
     * The result's state with the step's trace event appended, timed from {@link #start} to now;
     * the state's {@link #LISTENER} hears of the event.
     */
    public RagState finish(Step.Result result) {
      Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
      TraceEvent event = new TraceEvent(step, took, result.inputs(), result.candidates(), result.decision());
      RagState next = result.state().withEvent(event);
      next.get(LISTENER).ifPresent(l -> l.stepFinished(event));
      return next;
    }
  }
}
