package io.caravan.connectors.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class AnseriniEnglishAnalyzerTest {

  private final Analyzer analyzer = new AnseriniEnglishAnalyzer();

  @Test
  void possessivesLowercaseStopWordsAndPorterStemming() throws IOException {
    // "were" is not among Lucene's 33 default stop words, "the" and "of" are
    assertThat(tokens("The Runner's shoes were running quickly, of course!"))
        .containsExactly("runner", "shoe", "were", "run", "quickli", "cours");
  }

  @Test
  void standardTokenizerKeepsNumbersAndSplitsOnPunctuation() throws IOException {
    assertThat(tokens("COVID-19 vaccines: 95% efficacy (n=43,548)"))
        .containsExactly("covid", "19", "vaccin", "95", "efficaci", "n", "43,548");
  }

  private List<String> tokens(String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(IndexFields.BODY, text)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(t.toString());
      }
      ts.end();
    }
    return out;
  }
}
