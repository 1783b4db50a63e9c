package io.caravan.benchmarks;

import io.caravan.core.Candidate;
import io.caravan.eval.RetrievalMetrics.Scored;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a chunk ranking into the document ranking BEIR judges: each document takes the score of its
 * first chunk in rank order, which in a list sorted by score is its best chunk (max-passage).
 */
public final class DocumentRanking {

  private DocumentRanking() {}

  /** @param ranked chunks best first; at most {@code limit} documents are returned */
  public static List<Scored> maxPassage(List<Candidate> ranked, int limit) {
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
