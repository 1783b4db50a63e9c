package io.caravan.connectors.lucene;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.spi.Retriever;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.search.IndexSearcher;

/**
 * Sparse retrieval: {@link BagOfWords} over {@link IndexFields#BODY} with the index's BM25
 * settings (Anserini's k1 = 0.9, b = 0.4 unless the index was opened with others), the query's
 * filters and access ({@link AccessFilter}) as FILTER clauses inside the same Lucene query. Scores are Lucene's BM25 scores.
 *
 * <p>Cost: one disjunction over the query's posting lists; ~0.1-0.2 ms for a 3-term query on 20k
 * chunks here.
 */
public final class Bm25Retriever implements Retriever {

  public static final String NAME = "bm25";

  private final LuceneIndex index;

  public Bm25Retriever(LuceneIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Candidate> retrieve(Query query) {
    int maxTerms = IndexSearcher.getMaxClauseCount() - query.filters().size() - 4;
    Optional<org.apache.lucene.search.Query> terms =
        BagOfWords.build(index.analyzer(), IndexFields.BODY, query.text(), Math.max(maxTerms, 1));
    if (terms.isEmpty()) {
      return List.of();
    }
    return index.search(present -> AccessFilter.restrict(present, terms.get(), query.filters(), query.access()), query.k()).stream()
        .map(h -> Candidate.of(h.passage(), NAME, h.score()))
        .toList();
  }

  @Override
  public String toString() {
    return "Bm25Retriever(" + index + ")";
  }
}
