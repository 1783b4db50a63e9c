package io.caravan.core.fusion;

import io.caravan.core.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Accumulates fused scores per chunk id and merges the stage scores each candidate carried. */
final class FusedList {

  private final Map<String, Candidate> byChunk = new LinkedHashMap<>();
  private final Map<String, Double> fused = new LinkedHashMap<>();

  void add(Candidate c, double contribution) {
    byChunk.merge(c.chunkId(), c, FusedList::mergeScores);
    fused.merge(c.chunkId(), contribution, Double::sum);
  }

  List<Candidate> top(String stage, int k) {
    List<Candidate> out = new ArrayList<>(byChunk.size());
    for (Map.Entry<String, Candidate> e : byChunk.entrySet()) {
      out.add(e.getValue().withScore(stage, fused.get(e.getKey())));
    }
    // ties broken by chunk id so the order is deterministic whatever order the inputs came in
    out.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::chunkId));
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }

  private static Candidate mergeScores(Candidate a, Candidate b) {
    Map<String, Double> scores = new LinkedHashMap<>(a.scores());
    b.scores().forEach(scores::putIfAbsent);
    return new Candidate(a.passage(), a.score(), scores);
  }
}
