package io.caravan.research.eval.harness;

import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one query produced: its metrics, how long the system took, how many retrieval calls its
 * steps counted and model calls its trace shows, and every policy decision on the way. {@code
 * error} is set (and {@code metrics} empty) when the system failed on the query.
 */
public record QueryResult(
    String id,
    Map<String, Double> metrics,
    double latencyMs,
    int retrievalCalls,
    int modelCalls,
    List<DecisionRef> decisions,
    String error) {

  /** A policy's choice as the trace recorded it. */
  public record DecisionRef(String policy, String choice) {
    public DecisionRef {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(choice, "choice");
    }
  }

  public QueryResult {
    Objects.requireNonNull(id, "id");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics == null ? Map.of() : metrics));
    decisions = List.copyOf(decisions == null ? List.of() : decisions);
    if (latencyMs < 0 || retrievalCalls < 0 || modelCalls < 0) {
      throw new IllegalArgumentException("latency and call counts must not be negative for query " + id);
    }
  }

  public boolean failed() {
    return error != null;
  }

  /**
   * Retrieval calls are the searches the retrieval steps counted in the state ({@link
   * RagState#retrievalCalls()}: a decomposed question one per part, a loop one per round); model
   * calls are read off the trace, a {@code generate} or {@code rerank} step each.
   */
  public static QueryResult of(String id, Map<String, Double> metrics, double latencyMs, RagState state) {
    int models = 0;
    List<DecisionRef> decisions = new ArrayList<>();
    for (TraceEvent e : state.trace().events()) {
      if (e.step().equals("generate") || e.step().equals("rerank")) {
        models++;
      }
      Decision<?> d = e.decision();
      if (d != null) {
        decisions.add(new DecisionRef(d.policy(), d.choice()));
      }
    }
    return new QueryResult(id, metrics, latencyMs, state.retrievalCalls(), models, decisions, null);
  }

  public static QueryResult failure(String id, double latencyMs, String error) {
    return new QueryResult(id, Map.of(), latencyMs, 0, 0, List.of(), error == null ? "failed" : error);
  }
}
