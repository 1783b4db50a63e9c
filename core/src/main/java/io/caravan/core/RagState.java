package io.caravan.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The state one query carries through a process. Immutable: each step returns a new state, so a
 * step can never change what an earlier step's trace event saw.
 *
 * <p>{@code attributes} hold what later steps need and the core does not name (a policy's decision,
 * a loop's notes, features a step computed); they are written and read through typed {@link
 * AttributeKey}s, and their values should be immutable. Two of them the core keeps itself: the
 * {@linkplain #retrievalCalls() retrieval calls} the steps made and the {@linkplain #stepTime() time
 * the steps took}. The trace is the record of what happened; decisions read these, never the trace.
 */
public record RagState(
    String id,
    Query query,
    List<Candidate> candidates,
    Answer answer,
    Trace trace,
    Map<String, Object> attributes) {

  /** Searches run for this query so far, as the retrieval steps counted them. */
  public static final AttributeKey<Integer> RETRIEVAL_CALLS = AttributeKey.of("retrieval.calls", Integer.class);

  /** Time the steps took so far: each step's duration, added as the step records its trace event. */
  public static final AttributeKey<Duration> STEP_TIME = AttributeKey.of("step.time", Duration.class);

  public RagState {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(query, "query");
    candidates = List.copyOf(candidates == null ? List.of() : candidates);
    trace = trace == null ? Trace.EMPTY : trace;
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes == null ? Map.of() : attributes));
  }

  public static RagState start(Query query) {
    return new RagState(UUID.randomUUID().toString(), query, List.of(), null, Trace.EMPTY, Map.of());
  }

  /**
   * The state with query {@code q}, asked with this run's access whatever {@code q} carries: a step
   * that rewrites the question (or builds a new query with {@link Query#of}) cannot move the run
   * into another tenant.
   */
  public RagState withQuery(Query q) {
    Query kept = q.access().equals(query.access()) ? q : q.withAccess(query.access());
    return new RagState(id, kept, candidates, answer, trace, attributes);
  }

  public RagState withCandidates(List<Candidate> c) {
    return new RagState(id, query, c, answer, trace, attributes);
  }

  public RagState withAnswer(Answer a) {
    return new RagState(id, query, candidates, a, trace, attributes);
  }

  /** This state with the step's event recorded and its duration added to {@link #stepTime()}. */
  public RagState withEvent(TraceEvent event) {
    Map<String, Object> next = new LinkedHashMap<>(attributes);
    next.put(STEP_TIME.name(), stepTime().plus(event.duration()));
    return new RagState(id, query, candidates, answer, trace.append(event), next);
  }

  /** This state with {@code value} stored under {@code key}, replacing what was there. */
  public <T> RagState with(AttributeKey<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, () -> "attribute '" + key.name() + "' must not be set to null");
    Map<String, Object> next = new LinkedHashMap<>(attributes);
    next.put(key.name(), value);
    return new RagState(id, query, candidates, answer, trace, next);
  }

  /** The value stored under {@code key}, empty when none is. */
  public <T> Optional<T> get(AttributeKey<T> key) {
    Object v = attributes.get(key.name());
    return v == null ? Optional.empty() : Optional.of(key.cast(v));
  }

  /** How many searches the retrieval steps ran for this query so far (a decomposed question counts one per part). */
  public int retrievalCalls() {
    return get(RETRIEVAL_CALLS).orElse(0);
  }

  /** This state with {@code searches} more retrieval calls counted; retrieval steps call it with the searches they ran. */
  public RagState plusRetrievalCalls(int searches) {
    if (searches < 0) {
      throw new IllegalArgumentException("searches must not be negative, was " + searches);
    }
    return with(RETRIEVAL_CALLS, retrievalCalls() + searches);
  }

  /** Time the steps took so far, summed as they recorded their events (orchestration between steps not included). */
  public Duration stepTime() {
    return get(STEP_TIME).orElse(Duration.ZERO);
  }
}
