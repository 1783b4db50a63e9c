package io.caravan.core.fusion;

import io.caravan.core.Candidate;
import java.util.ArrayList;
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
    return Candidate.top(out, k);
  }

  private static Candidate mergeScores(Candidate a, Candidate b) {
    Map<String, Double> scores = new LinkedHashMap<>(a.scores());
    b.scores().forEach(scores::putIfAbsent);
    return new Candidate(a.passage(), a.score(), scores);
  }
}
