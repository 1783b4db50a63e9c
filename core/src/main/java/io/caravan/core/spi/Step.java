package io.caravan.core.spi;

import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent.RankedRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One node of a process: state in, state out. Processes (BPMN through Camel) and plain Java calls
 * run the same steps, which is what makes the orchestration overhead measurable.
 *
 * <p>A step does its work and says what its trace event shows; it neither times itself nor appends
 * the event. {@link io.caravan.core.step.StepRunner} runs every step, measures it and appends the
 * event, so no step can leave itself out of the trace, show up twice, or time a different span
 * than the others.
 */
public interface Step {

  /** The name BPMN files use to refer to this step, and the name of its trace event. */
  String name();

  /** The step's work: the next state, and what the trace event records about it. */
  Result run(RagState state);

  /**
   * What a step returns: the next state and its trace event's content, without the duration that
   * only the runner measures.
   *
   * @param inputs a summary of what the step was given and chose (empty: none)
   * @param candidates the ranking as it left the step, usually cut to the first few (empty: none)
   * @param decision the decision, when the step is a policy; null otherwise
   */
  record Result(RagState state, Map<String, Object> inputs, List<RankedRef> candidates, Decision<?> decision) {

    public Result {
      Objects.requireNonNull(state, "state");
      inputs = inputs == null ? Map.of() : inputs;
      candidates = candidates == null ? List.of() : candidates;
    }

    /** A step that records its inputs only. */
    public static Result of(RagState state, Map<String, Object> inputs) {
      return new Result(state, inputs, List.of(), null);
    }

    /** A step that ranks: the trace shows the first {@code shown} of the state's candidates. */
    public static Result ranked(RagState state, Map<String, Object> inputs, int shown) {
      return new Result(state, inputs, RankedRef.of(state.candidates(), shown), null);
    }

    /** A policy's step: its decision, no inputs of its own. */
    public static Result decided(RagState state, Decision<?> decision) {
      return new Result(state, Map.of(), List.of(), Objects.requireNonNull(decision, "decision"));
    }
  }

  /** A step from a function of the query state, e.g. one a library user writes inline; its trace event records no inputs. */
  static Step of(String name, UnaryOperator<RagState> function) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
    return new Step() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Result run(RagState state) {
        return Result.of(function.apply(state), Map.of());
      }

      @Override
      public String toString() {
        return "Step(" + name + ")";
      }
    };
  }
}
