package io.caravan.testing;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.spi.Reranker;
import java.util.Comparator;
import java.util.List;

/**
 * TEST IMPLEMENTATION of the Reranker SPI, not a relevance model: shorter passages first, each
 * candidate scored under this reranker's name, so a test sees from the scores that it ran.
 */
public record ShortestFirstReranker(String name) implements Reranker {

  @Override
  public List<Candidate> rerank(Query query, List<Candidate> candidates, int k) {
    return candidates.stream()
        .map(c -> c.withScore(name(), -c.passage().text().length()))
        .sorted(Comparator.comparingDouble(Candidate::score).reversed())
        .limit(k)
        .toList();
  }
}
