package io.caravan.processes.condition;

/**
 * Everything a condition can read about a run, and nothing more: the accessors behind {@code
 * run.<name>(...)}. An implementation answers from the run's current state; it may throw an
 * unchecked exception with a clear message (a decision no step has made yet, for instance), which
 * fails the run.
 */
public interface RunFacts {

  /** Candidates in the state now. */
  int candidateCount();

  /** Passages the query asked for. */
  int k();

  /** Whether the state holds an answer. */
  boolean hasAnswer();

  /** The choice of the decision the policy step {@code policy} made; fails when it made none. */
  String choice(String policy);

  /** Whether the policy step {@code policy} has made a decision. */
  boolean hasDecision(String policy);

  /** How often the task with this element id has been entered so far. */
  int visits(String taskId);

  /** A state attribute, or {@code null} when absent; conditions read text, numbers and booleans only. */
  Object attribute(String key);
}
