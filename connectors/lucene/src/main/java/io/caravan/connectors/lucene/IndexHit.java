package io.caravan.connectors.lucene;

import io.caravan.core.Passage;
import java.util.Objects;

/** One search result as the index returns it: the stored passage and Lucene's score for it. */
public record IndexHit(Passage passage, float score) {
  public IndexHit {
    Objects.requireNonNull(passage, "passage");
  }
}
