package io.caravan.connectors.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;

class AnseriniEnglishAnalyzerTest {

  private final Analyzer analyzer = new AnseriniEnglishAnalyzer();

  @Test
  void possessivesLowercaseStopWordsAndPorterStemming() {
    // "were" is not among Lucene's 33 default stop words, "the" and "of" are
    assertThat(BruteForce.tokens(analyzer, "The Runner's shoes were running quickly, of course!"))
        .containsExactly("runner", "shoe", "were", "run", "quickli", "cours");
  }

  @Test
  void standardTokenizerKeepsNumbersAndSplitsOnPunctuation() {
    assertThat(BruteForce.tokens(analyzer, "COVID-19 vaccines: 95% efficacy (n=43,548)"))
        .containsExactly("covid", "19", "vaccin", "95", "efficaci", "n", "43,548");
  }
}
