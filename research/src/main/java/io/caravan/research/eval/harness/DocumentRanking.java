package io.caravan.research.eval.harness;

import io.caravan.core.Candidate;
import io.caravan.research.eval.RetrievalMetrics;
import io.caravan.research.eval.RetrievalMetrics.Scored;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a chunk ranking into the document ranking benchmarks judge: each document takes the score
 * of its first chunk in rank order, which in a list sorted by score is its best chunk (max-passage),
 * and the result is ordered as trec_eval orders a run. O(candidates).
 */
public final class DocumentRanking {

  private DocumentRanking() {}

  /** Documents best first, at most {@code limit}, in trec_eval order. */
  public static List<String> maxPassage(List<Candidate> ranked, int limit) {
    return RetrievalMetrics.trecOrder(maxPassageScores(ranked, limit));
  }

  /** Each document's best chunk score, documents in the order of their best chunks, at most {@code limit}. */
  public static List<Scored> maxPassageScores(List<Candidate> ranked, int limit) {
    Set<String> seen = new HashSet<>();
    List<Scored> out = new ArrayList<>();
    for (Candidate c : ranked) {
      if (out.size() >= limit) {
        break;
      }
      if (seen.add(c.docId())) {
        out.add(new Scored(c.docId(), c.score()));
      }
    }
    return out;
  }
}
