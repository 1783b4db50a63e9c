package io.caravan.connectors.lucene.prf;

import io.caravan.core.Candidate;
import io.caravan.connectors.lucene.IndexFields;
import io.caravan.connectors.lucene.LuceneIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * RM3 query expansion (Lavrenko and Croft's relevance model interpolated with the query, as
 * Anserini implements it): each feedback passage becomes an L1-normalised term-frequency vector of
 * its analysed body, the vectors are summed weighted by the passage's first-stage score, the
 * {@code fbTerms} heaviest terms are kept and L1-normalised, and the result is mixed with the
 * L1-normalised original query as {@code w * query + (1 - w) * feedback}. The expanded query is one
 * boosted term per weight over {@link IndexFields#BODY}, scored by the index's BM25.
 *
 * <p>Like Anserini, feedback terms must be at least two characters of ASCII letters or digits
 * (markup and numbers-with-units do not expand), and terms in more than {@code maxDfRatio} of the
 * chunks are dropped. Defaults are Anserini's: 10 feedback documents, 10 terms, query weight 0.5.
 *
 * <p>Cost: re-analysing the feedback passages' text (stored, no term vectors needed), ~0.1 ms per
 * passage, plus one document-frequency lookup per distinct term and a second BM25 search.
 */
public final class Rm3Expansion {

  private static final Pattern VALID_TERM = Pattern.compile("[a-z0-9]{2,}");

  private final LuceneIndex index;
  private final int fbDocs;
  private final int fbTerms;
  private final double originalWeight;
  private final double maxDfRatio;

  public Rm3Expansion(LuceneIndex index, int fbDocs, int fbTerms, double originalWeight, double maxDfRatio) {
    this.index = index;
    if (fbDocs < 1 || fbTerms < 1) {
      throw new IllegalArgumentException("fbDocs and fbTerms must be positive, were " + fbDocs + " and " + fbTerms);
    }
    if (!(originalWeight >= 0 && originalWeight <= 1)) {
      throw new IllegalArgumentException("originalWeight must be in [0, 1], was " + originalWeight);
    }
    if (!(maxDfRatio > 0 && maxDfRatio <= 1)) {
      throw new IllegalArgumentException("maxDfRatio must be in (0, 1], was " + maxDfRatio);
    }
    this.fbDocs = fbDocs;
    this.fbTerms = fbTerms;
    this.originalWeight = originalWeight;
    this.maxDfRatio = maxDfRatio;
  }

  /** Anserini's defaults: 10 documents, 10 terms, original query weight 0.5; no df cut. */
  public static Rm3Expansion anseriniDefaults(LuceneIndex index) {
    return new Rm3Expansion(index, 10, 10, 0.5, 1.0);
  }

  public int fbDocs() {
    return fbDocs;
  }

  /**
   * The expanded term weights, heaviest first, or empty when the query has no indexable term.
   * {@code feedback} is the first-stage list, best first; its top {@code fbDocs} are used.
   */
  public Map<String, Double> expand(String queryText, List<Candidate> feedback) {
    Analyzer analyzer = index.analyzer();
    Map<String, Double> query = l1(termCounts(analyzer, queryText, false));
    if (query.isEmpty()) {
      return Map.of();
    }
    int n = Math.min(fbDocs, feedback.size());
    double[] weights = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = Math.max(0, feedback.get(i).score());
      total += weights[i];
    }
    Map<String, Double> model = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      double w = total > 0 ? weights[i] : 1.0; // scores all zero or negative: weigh passages alike
      var p = feedback.get(i).passage();
      l1(termCounts(analyzer, IndexFields.body(p.title(), p.text()), true)).forEach((t, v) -> model.merge(t, w * v, Double::sum));
    }
    dropCommonTerms(model);
    List<Map.Entry<String, Double>> top = new ArrayList<>(model.entrySet());
    top.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    Map<String, Double> kept = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(fbTerms, top.size()); i++) {
      kept.put(top.get(i).getKey(), top.get(i).getValue());
    }
    Map<String, Double> fb = l1(kept);
    Map<String, Double> mixed = new LinkedHashMap<>();
    query.forEach((t, v) -> mixed.merge(t, originalWeight * v, Double::sum));
    fb.forEach((t, v) -> mixed.merge(t, (1 - originalWeight) * v, Double::sum));
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(mixed.entrySet());
    sorted.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    Map<String, Double> out = new LinkedHashMap<>();
    sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** The expanded terms as a BM25 query, or empty when there are none. */
  public Optional<Query> query(Map<String, Double> weights) {
    if (weights.isEmpty()) {
      return Optional.empty();
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    int max = IndexSearcher.getMaxClauseCount() - 16; // room for metadata filters
    int added = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      if (added++ == max) {
        break;
      }
      b.add(new BoostQuery(new TermQuery(new Term(IndexFields.BODY, e.getKey())), e.getValue().floatValue()), Occur.SHOULD);
    }
    return Optional.of(b.build());
  }

  private void dropCommonTerms(Map<String, Double> model) {
    if (maxDfRatio >= 1 || model.isEmpty()) {
      return;
    }
    index.withSearcher(
        s -> {
          int docs = Math.max(1, s.getIndexReader().numDocs());
          model.keySet().removeIf(t -> {
            try {
              return s.getIndexReader().docFreq(new Term(IndexFields.BODY, t)) > maxDfRatio * docs;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
          return null;
        });
  }

  private static Map<String, Double> termCounts(Analyzer analyzer, String text, boolean feedbackTerms) {
    Map<String, Double> counts = new LinkedHashMap<>();
    try (TokenStream ts = analyzer.tokenStream(IndexFields.BODY, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        String t = term.toString();
        if (!feedbackTerms || VALID_TERM.matcher(t).matches()) {
          counts.merge(t, 1.0, Double::sum);
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse text", e); // a StringReader does not fail
    }
    return counts;
  }

  private static Map<String, Double> l1(Map<String, Double> v) {
    double sum = 0;
    for (double x : v.values()) {
      sum += x;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    if (sum > 0) {
      for (Map.Entry<String, Double> e : v.entrySet()) {
        out.put(e.getKey(), e.getValue() / sum);
      }
    }
    return out;
  }
}
