package io.caravan.core.spi;

import io.caravan.core.RagState;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One node of a process: state in, state out. Processes (BPMN through Camel) and plain Java calls
 * run the same steps, which is what makes the orchestration overhead measurable.
 */
public interface Step {

  /** The name BPMN files use to refer to this step. */
  String name();

  RagState apply(RagState state);

  /** A step from a function of the query state, e.g. one a library user writes inline. */
  static Step of(String name, UnaryOperator<RagState> function) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
    return new Step() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RagState apply(RagState state) {
        return function.apply(state);
      }

      @Override
      public String toString() {
        return "Step(" + name + ")";
      }
    };
  }
}
