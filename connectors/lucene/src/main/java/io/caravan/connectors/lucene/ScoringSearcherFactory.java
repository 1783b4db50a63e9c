package io.caravan.connectors.lucene;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.similarities.Similarity;

/** Gives every near-real-time searcher the index's similarity; Lucene's default BM25 has k1 = 1.2, b = 0.75. */
final class ScoringSearcherFactory extends SearcherFactory {

  private final Similarity similarity;

  ScoringSearcherFactory(Similarity similarity) {
    this.similarity = similarity;
  }

  @Override
  public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
    IndexSearcher s = new IndexSearcher(reader);
    s.setSimilarity(similarity);
    return s;
  }
}
