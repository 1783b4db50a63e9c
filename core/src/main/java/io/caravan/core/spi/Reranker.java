package io.caravan.core.spi;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import java.util.List;

/**
 * Later stage: re-scores candidates from an earlier stage and returns the best {@code k}, each with
 * its new score added under {@link #name()}. A cross-encoder (in-process or on Triton) is one
 * implementation; so is any function of the query and the passage.
 */
public interface Reranker {

  String name();

  List<Candidate> rerank(Query query, List<Candidate> candidates, int k);

  /**
   * No second stage: keeps the first stage's order and cuts at k. What a process gets when no
   * reranker is configured, so a {@code rerank} task still has a meaning.
   */
  static Reranker keepOrder() {
    return new Reranker() {
      @Override
      public String name() {
        return "first-stage";
      }

      @Override
      public List<Candidate> rerank(Query query, List<Candidate> candidates, int k) {
        return candidates.size() > k ? List.copyOf(candidates.subList(0, k)) : candidates;
      }
    };
  }
}
