package io.caravan.processes;

/**
 * How large a BPMN document may be, checked by a streaming scan before Flowable parses it: Flowable's
 * converter and validator cost grows faster than linearly with the flow elements of a process
 * (20,000 tasks took minutes and then overflowed the stack) and its parser recurses once per level
 * of nesting. The defaults leave room for any process drawn by hand, diagram included.
 *
 * @param maxElements elements in the whole document, diagram interchange included
 * @param maxDepth levels of element nesting ({@code definitions > process > ...} is two)
 * @param maxFlowElements elements directly inside one process and its sub-processes, together:
 *     tasks, events, gateways, sequence flows, sub-processes
 */
public record BpmnLimits(int maxElements, int maxDepth, int maxFlowElements) {

  public static final int DEFAULT_MAX_ELEMENTS = 20_000;
  public static final int DEFAULT_MAX_DEPTH = 64;
  public static final int DEFAULT_MAX_FLOW_ELEMENTS = 2_000;

  public BpmnLimits {
    positive("maxElements", maxElements);
    positive("maxDepth", maxDepth);
    positive("maxFlowElements", maxFlowElements);
  }

  /** 20,000 elements, depth 64, 2,000 flow elements per process. */
  public static BpmnLimits defaults() {
    return new BpmnLimits(DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_DEPTH, DEFAULT_MAX_FLOW_ELEMENTS);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
