package io.caravan.core.spi;

import io.caravan.core.RagState;

/**
 * One node of a process: state in, state out. Processes (BPMN through Camel) and plain Java calls
 * run the same steps, which is what makes the orchestration overhead measurable.
 */
public interface Step {

  /** The name BPMN files use to refer to this step. */
  String name();

  RagState apply(RagState state);
}
