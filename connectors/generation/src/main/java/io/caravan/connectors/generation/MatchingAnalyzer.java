package io.caravan.connectors.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns a question or a sentence into the terms they are matched on: Unicode word breaking
 * ({@link StandardTokenizer}), English possessives dropped, lower case, Chinese/Japanese/Korean runs
 * cut into overlapping character pairs ({@link CJKBigramFilter}, since those scripts do not put
 * spaces between words), stop words removed, then the Porter stemmer. It is the index's English
 * analysis plus CJK bigrams and a stop list that also drops question words: in "what is the boiling
 * point of water", "what" says nothing about which sentence answers it.
 *
 * <p>Other languages written with spaces (German, French, Russian...) are matched on lower-cased
 * words; the Porter stemmer barely touches them and stems question and sentence alike.
 *
 * <p>Cost: one pass over the text. Thread-safe: Lucene reuses one token stream per thread.
 */
final class MatchingAnalyzer extends Analyzer {

  private static final List<String> QUESTION_WORDS =
      List.of(
          "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "do", "does", "did",
          "can", "could", "would", "should", "may", "might", "must", "has", "have", "had", "been",
          "were", "am", "i", "me", "my", "you", "your", "we", "our", "he", "she", "him", "her", "his",
          "its", "from", "about", "than", "so", "tell", "please", "explain", "describe", "many", "much");

  private static final CharArraySet STOP_WORDS = stopWords();

  private static CharArraySet stopWords() {
    CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
    set.addAll(QUESTION_WORDS);
    return CharArraySet.unmodifiableSet(set);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer source = new StandardTokenizer();
    TokenStream result = new CJKWidthFilter(source);
    result = new EnglishPossessiveFilter(result);
    result = new LowerCaseFilter(result);
    result = new CJKBigramFilter(result);
    result = new StopFilter(result, STOP_WORDS);
    result = new PorterStemFilter(result);
    return new TokenStreamComponents(source, result);
  }

  /** The terms of {@code text}, in order, repeats kept. */
  List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      // the text is read from a String: no I/O can fail
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
