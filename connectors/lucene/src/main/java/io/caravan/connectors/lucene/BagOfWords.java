package io.caravan.connectors.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Anserini's bag-of-words query: the text analysed with the index's analyzer, one SHOULD term
 * query per distinct term, boosted by how often the term occurs (Anserini adds one clause per
 * occurrence, which Lucene rewrites to the same boost). No query syntax is parsed, so quotes,
 * colons, brackets or a lone {@code *} in user text are just characters the tokenizer drops.
 *
 * <p>Distinct terms beyond {@code maxTerms} are left out (first occurrences kept) rather than
 * failing with Lucene's too-many-clauses error; real queries are far below Lucene's limit of 1024.
 */
public final class BagOfWords {

  private BagOfWords() {}

  /** The query, or empty when the text has no indexable term (only stop words or punctuation). */
  public static Optional<Query> build(Analyzer analyzer, String field, String text, int maxTerms) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        String t = term.toString();
        if (counts.containsKey(t) || counts.size() < maxTerms) {
          counts.merge(t, 1, Integer::sum);
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse query text", e); // a StringReader does not fail
    }
    if (counts.isEmpty()) {
      return Optional.empty();
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    counts.forEach(
        (t, n) -> {
          Query q = new TermQuery(new Term(field, t));
          b.add(n == 1 ? q : new BoostQuery(q, n), Occur.SHOULD);
        });
    return Optional.of(b.build());
  }
}
