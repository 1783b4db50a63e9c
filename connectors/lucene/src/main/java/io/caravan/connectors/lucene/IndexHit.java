package io.caravan.connectors.lucene;

import io.caravan.core.Passage;
import java.util.Objects;

/**
 * One search result as the index returns it: the stored passage and its score, Lucene's for {@link
 * LuceneIndex#search}, the cosine similarity for {@link LuceneIndex#knn}.
 */
public record IndexHit(Passage passage, double score) {
  public IndexHit {
    Objects.requireNonNull(passage, "passage");
  }
}
