package io.caravan.connectors.lucene;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The analyzer Anserini uses for its BEIR "flat" runs ({@code DefaultEnglishAnalyzer} with the
 * Porter stemmer): {@link StandardTokenizer}, {@link EnglishPossessiveFilter}, {@link
 * LowerCaseFilter}, {@link StopFilter} with Lucene's default English stop words ({@link
 * EnglishAnalyzer#ENGLISH_STOP_WORDS_SET}, 33 words) and {@link PorterStemFilter}, in that order.
 * Matching it token for token is what lets our BM25 numbers be compared with published ones.
 *
 * <p>Cost: one pass over the text, no dictionaries beyond the stop set. Thread-safe: Lucene reuses
 * one token stream per thread.
 */
public final class AnseriniEnglishAnalyzer extends Analyzer {

  /**
   * Names this analysis chain and the Lucene release that runs it; caches of built indexes key on
   * it, so change it whenever the chain or Lucene's tokenisation changes.
   */
  public static final String VERSION = "anserini-english-porter-v1/lucene-9.12.3";

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer source = new StandardTokenizer();
    TokenStream result = new EnglishPossessiveFilter(source);
    result = new LowerCaseFilter(result);
    result = new StopFilter(result, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
    result = new PorterStemFilter(result);
    return new TokenStreamComponents(source, result);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }
}
