package io.caravan.connectors.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;

/**
 * How well a word retrieves in this index, as BM25's IDF scaled to [0, 1]: {@code idf(df) /
 * idf(0)} with {@code idf(df) = ln(1 + (N - df + 0.5) / (df + 0.5))} over the chunks' body field.
 * A word the analyzer drops (a stop word) is 0; a word the index has never seen, or any word of an
 * empty index, is 1 (nothing says it is common). It is core's {@code TermSpecificity} for the
 * {@code term-specificity} step, which looks up the words the conversational rewriter weighs, so
 * that the rewriter prefers carrying words that retrieve well without doing I/O itself.
 *
 * <p>Cost: one analysis and one term lookup per word (microseconds).
 */
public final class DocumentFrequencies {

  private final LuceneIndex index;

  public DocumentFrequencies(LuceneIndex index) {
    this.index = index;
  }

  public double specificity(String word) {
    String term = analysed(word);
    if (term == null) {
      return 0;
    }
    return index.withSearcher(
        s -> {
          IndexReader r = s.getIndexReader();
          long n = r.numDocs();
          if (n == 0) {
            return 1.0;
          }
          int df = r.docFreq(new Term(IndexFields.BODY, term));
          return idf(n, df) / idf(n, 0);
        });
  }

  private static double idf(long n, long df) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private String analysed(String word) {
    try (TokenStream ts = index.analyzer().tokenStream(IndexFields.BODY, word)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      String first = ts.incrementToken() ? t.toString() : null;
      ts.end();
      return first;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse '" + word + "'", e);
    }
  }
}
