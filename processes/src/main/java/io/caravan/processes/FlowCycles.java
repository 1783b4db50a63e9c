package io.caravan.processes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Cost: Tarjan's algorithm, linear in nodes plus flows. It walks with an explicit stack instead
 * of recursing, so the depth of the graph never meets the depth of the thread's stack.
 */
final class FlowCycles {

  private final Map<String, List<String>> edges = new LinkedHashMap<>();
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Integer> low = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final Set<String> onStack = new HashSet<>();
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

  /** One node being visited: which of its outgoing edges comes next. */
  private static final class Frame {
    final String node;
    int next;

    Frame(String node) {
      this.node = node;
    }
  }

  private void connect(String root) {
    Deque<Frame> frames = new ArrayDeque<>();
    visit(root, frames);
    while (!frames.isEmpty()) {
      Frame top = frames.peek();
      List<String> out = edges.get(top.node);
      if (top.next < out.size()) {
        String w = out.get(top.next++);
        if (!index.containsKey(w)) {
          visit(w, frames); // the "recursive call"; its result is folded in when it is popped
        } else if (onStack.contains(w)) {
          low.put(top.node, Math.min(low.get(top.node), index.get(w)));
        }
        continue;
      }
      frames.pop();
      if (low.get(top.node).equals(index.get(top.node))) {
        component(top.node);
      }
      Frame parent = frames.peek();
      if (parent != null) {
        low.put(parent.node, Math.min(low.get(parent.node), low.get(top.node)));
      }
    }
  }

  private void visit(String v, Deque<Frame> frames) {
    index.put(v, counter);
    low.put(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    frames.push(new Frame(v));
  }

  private void component(String v) {
    Set<String> component = new HashSet<>();
    String w;
    do {
      w = stack.pop();
      onStack.remove(w);
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
