package io.caravan.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The state one query carries through a process. Immutable: each step returns a new state, so a
 * step can never change what an earlier step's trace event saw.
 *
 * <p>{@code attributes} hold what later steps need and the core does not name (a policy's choice, a
 * loop's notes); values should be immutable.
 */
public record RagState(
    String id,
    Query query,
    List<Candidate> candidates,
    Answer answer,
    Trace trace,
    Map<String, Object> attributes) {

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

  public RagState withQuery(Query q) {
    return new RagState(id, q, candidates, answer, trace, attributes);
  }

  public RagState withCandidates(List<Candidate> c) {
    return new RagState(id, query, c, answer, trace, attributes);
  }

  public RagState withAnswer(Answer a) {
    return new RagState(id, query, candidates, a, trace, attributes);
  }

  public RagState withEvent(TraceEvent event) {
    return new RagState(id, query, candidates, answer, trace.append(event), attributes);
  }

  public RagState withAttribute(String key, Object value) {
    Map<String, Object> next = new LinkedHashMap<>(attributes);
    next.put(key, value);
    return new RagState(id, query, candidates, answer, trace, next);
  }

  @SuppressWarnings("unchecked")
  public <T> T attribute(String key, T fallback) {
    Object v = attributes.get(key);
    return v == null ? fallback : (T) v;
  }
}
