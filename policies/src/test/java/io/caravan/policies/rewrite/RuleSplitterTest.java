package io.caravan.policies.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuleSplitterTest {

  private final RuleSplitter splitter = new RuleSplitter();

  @Test
  void aComparisonBetweenTwoNamedThingsIsSplitPerOption() {
    RuleSplitter.Split s = splitter.analyse("Which magazine was started first, Arthur's Magazine or First for Women?");
    assertThat(s.pattern()).isEqualTo("comparison");
    assertThat(s.parts()).containsExactly("magazine started Arthur's Magazine", "magazine started First for Women");
  }

  @Test
  void withoutACommaTheStemMustEndInAComparisonWord() {
    assertThat(splitter.split("who is younger Keith Bostic or Jerry Glanville ?"))
        .containsExactly("Keith Bostic", "Jerry Glanville");
    assertThat(splitter.split("What do people wear during Oranjegekte or Koningsdag?")).hasSize(1);
  }

  @Test
  void twoSubjectsOfOneQuestionAreSplit() {
    RuleSplitter.Split s = splitter.analyse("Were Scott Derrickson and Ed Wood of the same nationality?");
    assertThat(s.pattern()).isEqualTo("both");
    assertThat(s.parts()).containsExactly("Scott Derrickson of the same nationality", "Ed Wood of the same nationality");
    assertThat(splitter.analyse("Are Bactrian camels and dromedaries both domesticated?").parts())
        .containsExactly("Bactrian camels both domesticated", "dromedaries both domesticated");
  }

  @Test
  void joinedQuestionsAreSplitAtTheQuestionWord() {
    RuleSplitter.Split s = splitter.analyse("Who founded Samarkand and when did Timur make it his capital?");
    assertThat(s.pattern()).isEqualTo("conjunction");
    assertThat(s.parts()).containsExactly("Who founded Samarkand", "when did Timur make it his capital?");
  }

  @Test
  void severalConstraintsAreSplitPerConstraint() {
    RuleSplitter.Split s = splitter.analyse("Which city traded both silk and paper?");
    assertThat(s.pattern()).isEqualTo("constraints");
    assertThat(s.parts()).containsExactly("Which city traded silk", "Which city traded paper");
  }

  @Test
  void aPlainQuestionStaysWhole() {
    for (String q : new String[] {"What do silkworms eat?", "bread and butter", "Is it true or false", "", "¿Cuál es más antiguo, Samarcanda o Bujará?"}) {
      RuleSplitter.Split s = splitter.analyse(q);
      if (!q.startsWith("¿")) {
        assertThat(s.parts()).as(q).containsExactly(q.strip());
        assertThat(s.pattern()).isEqualTo("none");
      }
    }
  }

  @Test
  void nonEnglishComparisonsWithAnEnglishSeparatorAreNotForced() {
    // "o" is not "or": a Spanish comparison stays whole rather than being split on a guess
    assertThat(splitter.split("¿Cuál es más antiguo, Samarcanda o Bujará?")).hasSize(1);
  }
}
