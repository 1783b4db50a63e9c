package io.caravan.connectors.lucene;

import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Turns a {@code Query.filters()} map (metadata key to exact value, all must hold) into Lucene
 * FILTER clauses, so that filtering happens inside the search: a filter that matches few chunks
 * still yields {@code min(k, matches)} hits, which filtering a top-k list afterwards cannot promise.
 * FILTER clauses do not score, so they change which chunks rank, never their scores.
 */
public final class MetadataFilters {

  private MetadataFilters() {}

  /** {@code scoring} restricted to chunks that match every filter; {@code scoring} itself when there are none. */
  public static Query restrict(Query scoring, Map<String, String> filters) {
    if (filters.isEmpty()) {
      return scoring;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(scoring, Occur.MUST);
    addFilters(b, filters);
    return b.build();
  }

  /** A non-scoring query matching chunks with every filter, or {@code null} when there are none (match all). */
  public static Query matching(Map<String, String> filters) {
    if (filters.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    addFilters(b, filters);
    return b.build();
  }

  private static void addFilters(BooleanQuery.Builder b, Map<String, String> filters) {
    if (filters.size() >= IndexSearcher.getMaxClauseCount()) {
      throw new IllegalArgumentException(
          "at most " + (IndexSearcher.getMaxClauseCount() - 1) + " filters are allowed, got " + filters.size());
    }
    // sorted so the same filters always build the same query (query cache, toString in traces)
    new TreeMap<>(filters)
        .forEach((k, v) -> b.add(new TermQuery(new Term(IndexFields.metadata(k), v)), Occur.FILTER));
  }
}
