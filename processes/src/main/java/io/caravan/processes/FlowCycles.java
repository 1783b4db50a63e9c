package io.caravan.processes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.SequenceFlow;

/**
 * Finds the cycles of one container's sequence-flow graph that avoid every bounded node. A cycle is
 * safe when some node on it is bounded, so removing the bounded nodes leaves exactly the unsafe
 * cycles: each strongly connected component of the rest (with more than one node, or a node
 * flowing to itself) is reported as one unbounded loop. A boundary event counts as reachable from
 * the activity it is attached to. Sequence flows never cross a sub-process border, so each
 * container is checked on its own.
 *
 * <p>Cost: Tarjan's algorithm, linear in nodes plus flows.
 */
final class FlowCycles {

  private final Map<String, List<String>> edges = new LinkedHashMap<>();
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Integer> low = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final Map<String, Boolean> onStack = new HashMap<>();
  private final List<List<String>> unbounded = new ArrayList<>();
  private int counter;

  private FlowCycles(FlowElementsContainer container, Predicate<FlowNode> bounded) {
    for (FlowElement e : container.getFlowElements()) {
      if (e instanceof FlowNode node && !bounded.test(node)) {
        edges.put(node.getId(), new ArrayList<>());
      }
    }
    for (FlowElement e : container.getFlowElements()) {
      if (e instanceof SequenceFlow flow) {
        link(flow.getSourceRef(), flow.getTargetRef());
      } else if (e instanceof BoundaryEvent boundary) {
        link(boundary.getAttachedToRefId(), boundary.getId());
      }
    }
  }

  /** The unbounded cycles of {@code container}, each as the ids of its nodes in document order. */
  static List<List<String>> unbounded(FlowElementsContainer container, Predicate<FlowNode> bounded) {
    FlowCycles cycles = new FlowCycles(container, bounded);
    for (String node : cycles.edges.keySet()) {
      if (!cycles.index.containsKey(node)) {
        cycles.connect(node);
      }
    }
    return cycles.unbounded;
  }

  private void link(String from, String to) {
    List<String> out = edges.get(from);
    if (out != null && edges.containsKey(to)) {
      out.add(to);
    }
  }

  // recursion depth is at most the number of nodes of one container, which people draw by hand
  private void connect(String v) {
    index.put(v, counter);
    low.put(v, counter);
    counter++;
    stack.push(v);
    onStack.put(v, true);
    for (String w : edges.get(v)) {
      if (!index.containsKey(w)) {
        connect(w);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.getOrDefault(w, false)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.put(w, false);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1 || edges.get(v).contains(v)) {
        List<String> ordered = new ArrayList<>(component.size());
        for (String id : edges.keySet()) {
          if (component.contains(id)) {
            ordered.add(id);
          }
        }
        unbounded.add(ordered);
      }
    }
  }
}
