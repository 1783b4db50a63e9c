package io.caravan.connectors.lucene;

import io.caravan.core.Access;
import java.io.IOException;
import java.util.Map;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * What a caller may see, as non-scoring Lucene clauses added inside every search of the index (the
 * tenant's chunks; of those with an access list, the ones that name one of the caller's groups),
 * so no step, rewrite or filter of a request can widen it: a request's metadata filters live in
 * another namespace ({@code meta.*}) and only narrow further. Layout of the fields in {@link IndexFields}.
 *
 * <p>Cost: one or two more FILTER clauses per search; chunks of the default tenant need a negated
 * marker, the others one term. A clause that could exclude nothing is left out (an index with no
 * other tenant's chunks, or no chunk with an access list): a single-tenant index searches exactly
 * as without tenants, and its kNN search needs no filter, whose bit set costs a pass over every
 * chunk of the index. Whether a clause could exclude anything is asked of the searcher the query
 * runs on ({@link LuceneIndex.QueryBuilder}), so a tenant's first document, written while a query is
 * built, is never in that query's view without its clause.
 */
public final class AccessFilter {

  private AccessFilter() {}

  /** {@code scoring} restricted to what {@code access} may see in a searcher's view ({@code present}) and to {@code filters}. */
  public static Query restrict(LuceneIndex.TermPresence present, Query scoring, Map<String, String> filters, Access access) throws IOException {
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(scoring, Occur.MUST);
    boolean restricted = add(b, present, access);
    Query filtered = MetadataFilters.matching(filters);
    if (filtered != null) {
      b.add(filtered, Occur.FILTER);
    } else if (!restricted) {
      return scoring;
    }
    return b.build();
  }

  /**
   * A non-scoring query matching what {@code access} may see in a searcher's view among chunks with
   * every filter: the kNN search's pre-filter; {@code null} when it would match every chunk.
   */
  public static Query matching(LuceneIndex.TermPresence present, Map<String, String> filters, Access access) throws IOException {
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
    boolean restricted = add(b, present, access);
    Query filtered = MetadataFilters.matching(filters);
    if (filtered != null) {
      b.add(filtered, Occur.FILTER);
    } else if (!restricted) {
      return null;
    }
    return b.build();
  }

  /**
   * Adds the clauses {@code access} needs in the searcher's view; whether it added any. Positive
   * terms where every chunk has the field (a conjunction of posting lists), else the negated
   * markers that also cover chunks written before tenants and access lists, which need a pass
   * over every chunk.
   */
  private static boolean add(BooleanQuery.Builder b, LuceneIndex.TermPresence present, Access access) throws IOException {
    boolean added = false;
    if (!Access.DEFAULT_TENANT.equals(access.tenant())) {
      b.add(new TermQuery(new Term(IndexFields.TENANT, access.tenant())), Occur.FILTER);
      added = true;
    } else if (present.has(IndexFields.TENANTED, IndexFields.MARK)) {
      b.add(present.everyChunkHas(IndexFields.TENANT)
          ? new TermQuery(new Term(IndexFields.TENANT, Access.DEFAULT_TENANT))
          : notMarked(IndexFields.TENANTED), Occur.FILTER);
      added = true;
    }
    if (access.checkAcl() && present.has(IndexFields.RESTRICTED, IndexFields.MARK)) {
      boolean positive = present.everyChunkHas(IndexFields.ACL);
      BooleanQuery.Builder visible = new BooleanQuery.Builder();
      visible.add(positive ? new TermQuery(new Term(IndexFields.ACL, IndexFields.OPEN)) : notMarked(IndexFields.RESTRICTED), Occur.SHOULD);
      for (String group : access.groups()) {
        visible.add(new TermQuery(new Term(IndexFields.ACL, group)), Occur.SHOULD);
      }
      b.add(visible.setMinimumNumberShouldMatch(1).build(), Occur.FILTER);
      added = true;
    }
    return added;
  }

  /** Chunks without {@code marker}. */
  private static Query notMarked(String marker) {
    return new BooleanQuery.Builder()
        .add(new MatchAllDocsQuery(), Occur.FILTER)
        .add(new TermQuery(new Term(marker, IndexFields.MARK)), Occur.MUST_NOT)
        .build();
  }
}
