package io.caravan.connectors.triton.camel;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import java.util.List;
import java.util.Objects;

/** The body {@code triton:rerank} takes: a query, its first-stage candidates and how many to keep. */
public record RerankRequest(Query query, List<Candidate> candidates, int k) {
  public RerankRequest {
    Objects.requireNonNull(query, "query");
    candidates = List.copyOf(candidates);
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, was " + k);
    }
  }
}
