package io.caravan.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of one query: what ran, for how long, a summary of what it was given, the candidate list
 * as it left the step (ids and scores, not text) and the decision it made, if it was a policy.
 */
public record TraceEvent(
    String step,
    Duration duration,
    Map<String, Object> inputs,
    List<RankedRef> candidates,
    Decision<?> decision) {

  public TraceEvent {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(duration, "duration");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs == null ? Map.of() : inputs));
    candidates = List.copyOf(candidates == null ? List.of() : candidates);
  }

  /** A candidate as a trace records it: its rank, ids and every stage score so far. */
  public record RankedRef(int rank, String docId, String chunkId, double score, Map<String, Double> scores) {
    public RankedRef {
      scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores == null ? Map.of() : scores));
    }

    public static List<RankedRef> of(List<Candidate> candidates, int limit) {
      int n = Math.min(limit, candidates.size());
      RankedRef[] refs = new RankedRef[n];
      for (int i = 0; i < n; i++) {
        Candidate c = candidates.get(i);
        refs[i] = new RankedRef(i + 1, c.docId(), c.chunkId(), c.score(), c.scores());
      }
      return List.of(refs);
    }
  }
}
