package io.caravan.research.eval.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases computed by hand from SQuAD v1.1's evaluate script. */
class AnswerMetricsTest {

  @Test
  void normalisesLikeSquad() {
    assertThat(AnswerMetrics.normalize("The Quick, brown  fox!")).isEqualTo("quick brown fox");
    assertThat(AnswerMetrics.normalize("an apple a day")).isEqualTo("apple day");
    // Articles only as whole words; punctuation goes first, so "the-end" becomes one word.
    assertThat(AnswerMetrics.normalize("Theater then the-end")).isEqualTo("theater then theend");
    assertThat(AnswerMetrics.normalize("Don't\tstop\n")).isEqualTo("dont stop");
    // string.punctuation is ASCII: the en dash stays; the no-break space still separates tokens.
    assertThat(AnswerMetrics.normalize("São Paulo–Brazil\u00a0A")).isEqualTo("são paulo–brazil");
    assertThat(AnswerMetrics.normalize("  The  ")).isEmpty();
  }

  @Test
  void containsAnswerMatchesWholeNormalisedTokensInASentence() {
    assertThat(AnswerMetrics.containsAnswer("The humps of a Bactrian camel store fat [1].", List.of("Fat"))).isEqualTo(1.0);
    assertThat(AnswerMetrics.containsAnswer("It was the Chief of Protocol, Shirley Temple.", List.of("ambassador", "chief of protocol"))).isEqualTo(1.0);
    // a gold answer inside a longer word is not the answer
    assertThat(AnswerMetrics.containsAnswer("The humps store fatty tissue.", List.of("fat"))).isEqualTo(0.0);
    assertThat(AnswerMetrics.containsAnswer("Chief Protocol", List.of("chief of protocol"))).isEqualTo(0.0);
    // a gold answer that normalises to nothing ("the") never matches
    assertThat(AnswerMetrics.containsAnswer("the answer", List.of("the"))).isEqualTo(0.0);
  }

  @Test
  void exactMatchAfterNormalisation() {
    assertThat(AnswerMetrics.exactMatch("the Chief of Protocol.", "Chief of protocol")).isTrue();
    assertThat(AnswerMetrics.exactMatch("Chief Protocol", "Chief of protocol")).isFalse();
    assertThat(AnswerMetrics.exactMatch("Chief of Protocol", List.of("ambassador", "chief of protocol"))).isEqualTo(1.0);
    assertThat(AnswerMetrics.exactMatch("Chief", List.of("ambassador", "chief of protocol"))).isEqualTo(0.0);
  }

  @Test
  void tokenF1() {
    // pred [cat, sat], gold [cat, sat, down]: P = 1, R = 2/3, F1 = 0.8
    assertThat(AnswerMetrics.f1("The cat sat", "cat sat down")).isCloseTo(0.8, within(1e-12));
    // common tokens are a multiset: {x:2,y:1} & {x:1,y:2} = 2 tokens, P = R = 2/3
    assertThat(AnswerMetrics.f1("x x y", "x y y")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(AnswerMetrics.f1("dog", "cat")).isZero();
    assertThat(AnswerMetrics.f1("Blue River", "the blue river")).isEqualTo(1.0);
  }

  @Test
  void emptyAnswersFollowVersionOnePointOne() {
    assertThat(AnswerMetrics.exactMatch("", "")).isTrue();
    assertThat(AnswerMetrics.f1("", "")).isZero();
    assertThat(AnswerMetrics.f1("the", "a")).isZero();
    assertThat(AnswerMetrics.f1("", "something")).isZero();
  }

  @Test
  void takesTheBestGold() {
    // vs [protocol, chief]: same 2, P = 2/3, R = 1 -> 0.8; vs 6-token gold: P = 1, R = 1/2 -> 2/3
    List<String> golds = List.of("protocol chief", "Chief of Protocol of the United States");
    assertThat(AnswerMetrics.f1("Chief of Protocol", golds)).isCloseTo(0.8, within(1e-12));
    assertThat(AnswerMetrics.f1("Chief of Protocol of the United States", golds)).isEqualTo(1.0);
  }

  @Test
  void rejectsMissingGolds() {
    assertThatThrownBy(() -> AnswerMetrics.f1("x", List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold");
    assertThatThrownBy(() -> AnswerMetrics.exactMatch("x", (List<String>) null)).isInstanceOf(IllegalArgumentException.class);
  }
}
