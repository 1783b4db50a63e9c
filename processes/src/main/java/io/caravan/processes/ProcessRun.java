package io.caravan.processes;

import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.step.PolicyStep;
import io.caravan.processes.condition.RunFacts;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one process instance while it runs, held in the transient variable {@code run} so
 * that it never touches the database. Step tasks replace the state; gateway conditions read it
 * through the {@link RunFacts} accessors only ({@link io.caravan.processes.condition.Condition}):
 *
 * <pre>{@code
 * ${run.choice('adaptive-depth') == 'MULTI_STEP'}
 * ${run.candidateCount() < run.k()}
 * ${run.visits('retrieve') < 3}
 * }</pre>
 *
 * <p>Confined to the thread that runs the instance (Flowable runs a synchronous instance, parallel
 * branches included, on the caller's thread), hence no locking.
 */
public final class ProcessRun implements RunFacts {

  private final String processKey;
  private final RunDeadline deadline;
  private final Map<String, Integer> visits = new HashMap<>();
  private int stepsRun;
  private RagState state;

  ProcessRun(String processKey, RagState initial, RunDeadline deadline) {
    this.processKey = Objects.requireNonNull(processKey, "processKey");
    this.state = Objects.requireNonNull(initial, "initial");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  public String processKey() {
    return processKey;
  }

  public RagState state() {
    return state;
  }

  void update(RagState next) {
    state = Objects.requireNonNull(next, "next");
    stepsRun++;
  }

  /** Throws when the run's deadline passed or it was cancelled; called before each step task. */
  void checkDeadline(String taskId, String step) {
    deadline.check(processKey, taskId, step, stepsRun);
  }

  /** Counts one more visit of a task and returns the count including this one. */
  int enter(String elementId) {
    return visits.merge(elementId, 1, Integer::sum);
  }

  @Override
  public int visits(String elementId) {
    return visits.getOrDefault(elementId, 0);
  }

  /**
   * The decision the policy step named {@code policy} stored, failing clearly when none ran yet:
   * a gateway reading a decision nobody made is an authoring error, not a silent "no".
   */
  public Decision<?> decision(String policy) {
    Object value = state.attributes().get(PolicyStep.attributeKey(policy));
    if (value instanceof Decision<?> d) {
      return d;
    }
    if (value == null) {
      throw new IllegalStateException(
          "process '" + processKey + "' reads the decision of policy '" + policy
              + "', but no step named '" + policy + "' has run before this point");
    }
    throw new IllegalStateException(
        "attribute '" + PolicyStep.attributeKey(policy) + "' holds a " + value.getClass().getName() + ", not a Decision");
  }

  @Override
  public String choice(String policy) {
    return decision(policy).choice();
  }

  @Override
  public boolean hasDecision(String policy) {
    return state.attributes().get(PolicyStep.attributeKey(policy)) instanceof Decision<?>;
  }

  /** A state attribute, or {@code null} when absent. */
  @Override
  public Object attribute(String key) {
    return state.attributes().get(key);
  }

  @Override
  public int candidateCount() {
    return state.candidates().size();
  }

  /** The number of passages the query asked for. */
  @Override
  public int k() {
    return state.query().k();
  }

  @Override
  public boolean hasAnswer() {
    return state.answer() != null;
  }

  @Override
  public String toString() {
    return "ProcessRun(" + processKey + ", state " + state.id() + ", visits " + visits + ")";
  }
}
