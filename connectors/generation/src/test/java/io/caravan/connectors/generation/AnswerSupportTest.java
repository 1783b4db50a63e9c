package io.caravan.connectors.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Passage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerSupportTest {

  private static final Candidate CAMEL =
      candidate("camel", "Bactrian camel", "The Bactrian camel has two humps. The humps store fat, not water.");
  private static final Candidate DROMEDARY = candidate("dromedary", "Dromedary", "The dromedary has one hump and lives in Arabia.");

  private final AnswerSupport support = new AnswerSupport();

  @Test
  void supportIsTheShareOfContentWordsFoundInTheCitedPassages() {
    Citation camel = CitedText.citation(CAMEL);
    // content words: hump, store, fat (stemmed; "the" and "what" are not content)
    assertThat(support.support("The humps store fat.", List.of(camel))).isEqualTo(1.0);
    // "water" is in the passage, "milk" and "protein" are not
    assertThat(support.support("Humps store milk and protein, not water.", List.of(camel))).isCloseTo(3 / 5.0, offset(1e-9));
    assertThat(support.support("The humps store fat.", List.of())).isZero();
    assertThat(support.support("the of and", List.of(camel))).isNaN();
    assertThat(support.unsupported(0.2)).isTrue();
    assertThat(support.unsupported(0.8)).isFalse();
    assertThat(support.unsupported(Double.NaN)).isFalse();
  }

  @Test
  void anAnswerThatCitesNothingIsAttributedToThePassagesThatSupportIt() {
    assertThat(support.attribute("The humps store fat.", List.of(DROMEDARY, CAMEL), 2))
        .extracting(Citation::docId)
        .containsExactly("camel"); // the dromedary passage has "hump" only: 1 of 3 < 0.5
    assertThat(support.attribute("Saturn has rings.", List.of(DROMEDARY, CAMEL), 2)).isEmpty();
    assertThat(support.attribute("A hump.", List.of(DROMEDARY, CAMEL), 1)).hasSize(1);
  }

  @Test
  void markersThatNameNoPassageAreRemovedAndCounted() {
    CitedText cited = CitedText.parse("Fat [2]. Water [3][0] and [1; 9].", List.of(DROMEDARY, CAMEL));
    assertThat(cited.text()).isEqualTo("Fat [2]. Water and [1].");
    assertThat(cited.dropped()).isEqualTo(3);
    assertThat(cited.citations()).extracting(Citation::docId).containsExactly("camel", "dromedary");
  }

  private static Candidate candidate(String id, String title, String text) {
    return new Candidate(new Passage(id + "#0", id, title, text, 0, text.length(), Map.of()), 1.0, Map.of());
  }
}
