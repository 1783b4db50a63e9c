package io.caravan.research.eval.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BLEU values derived by hand from the n-gram counts written out in each test. */
class RewriteMetricsTest {

  private static final String CAT = "the cat sat on the mat";
  private static final String CAT_REF = "the cat is on the mat";

  @Test
  void corpusBleuByHand() {
    // Pair 1 (6 vs 6 tokens): matches 5/6, 3/5, 1/4, 0/3.
    // Pair 2 (5 vs 7 tokens, upper case folded): matches 5/5, 4/4, 3/3, 2/2.
    // Corpus: p = 10/11, 7/9, 4/7, 2/5 (product 16/99); c = 11, r = 13, BP = exp(1 - 13/11).
    List<String> cand = List.of(CAT, "A quick brown FOX jumps");
    List<String> ref = List.of(CAT_REF, "a quick brown fox jumps over dogs");
    double expected = Math.exp(-2.0 / 11) * Math.pow(16.0 / 99, 0.25);
    assertThat(RewriteMetrics.corpusBleu(cand, ref)).isCloseTo(expected, within(1e-12));
    assertThat(expected).isCloseTo(0.5286, within(1e-4));
  }

  @Test
  void corpusBleuIsUnsmoothed() {
    // No 4-gram of pair 1 matches, so the corpus precision p4 is 0.
    assertThat(RewriteMetrics.corpusBleu(List.of(CAT), List.of(CAT_REF))).isZero();
    // Three tokens have no 4-gram at all: undefined in Papineni's BLEU, reported as 0.
    assertThat(RewriteMetrics.corpusBleu(List.of("who founded it"), List.of("who founded it"))).isZero();
  }

  @Test
  void sentenceBleuSmoothsMissingOrders() {
    // p4 = 0/3 becomes 1 / (2 * 3): BLEU = (5/6 * 3/5 * 1/4 * 1/6)^(1/4) = (1/48)^(1/4)
    assertThat(RewriteMetrics.sentenceBleu(CAT, CAT_REF)).isCloseTo(Math.pow(1.0 / 48, 0.25), within(1e-12));
    // Clipping: "the" counts once. p1 = 1/4; p2 = 0/3 -> 1/6; p3 = 0/2 -> 1/8; p4 = 0/1 -> 1/8.
    assertThat(RewriteMetrics.sentenceBleu("the the the the", "the cat")).isCloseTo(Math.pow(1.0 / 1536, 0.25), within(1e-12));
  }

  @Test
  void sentenceBleuUsesBrevityPenaltyAndEffectiveOrder() {
    // 2 tokens vs 4: p1 = 1, p2 = 1, only two orders exist; BP = exp(1 - 4/2)
    assertThat(RewriteMetrics.sentenceBleu("who founded", "who founded the band")).isCloseTo(Math.exp(-1), within(1e-12));
  }

  @Test
  void perfectMatchIsOneAndEmptyIsZero() {
    String s = "When did Zappa and the Mothers of Invention disband?";
    assertThat(RewriteMetrics.corpusBleu(List.of(s), List.of(s))).isCloseTo(1.0, within(1e-12));
    assertThat(RewriteMetrics.sentenceBleu(s, s.toUpperCase(java.util.Locale.ROOT))).isCloseTo(1.0, within(1e-12));
    assertThat(RewriteMetrics.sentenceBleu("who", "who")).isCloseTo(1.0, within(1e-12));
    assertThat(RewriteMetrics.corpusBleu(List.of(""), List.of(s))).isZero();
    assertThat(RewriteMetrics.sentenceBleu("  ", s)).isZero();
    assertThat(RewriteMetrics.tokenF1("", s)).isZero();
  }

  @Test
  void punctuationStaysAttachedForBleuButNotForF1() {
    assertThat(RewriteMetrics.bleuTokens("Who founded it?")).containsExactly("who", "founded", "it?");
    // BLEU sees "it?" vs "it": 2/3 unigrams, 1/2 bigrams, p3 = 0/1 -> 1/2; F1 normalises both to the same.
    assertThat(RewriteMetrics.sentenceBleu("who founded it?", "who founded it")).isCloseTo(Math.pow(2.0 / 3 * 1.0 / 2 * 1.0 / 2, 1.0 / 3), within(1e-12));
    assertThat(RewriteMetrics.tokenF1("who founded it?", "who founded it")).isEqualTo(1.0);
  }

  @Test
  void reportAveragesF1AndPoolsBleu() {
    List<String> cand = List.of(CAT, "A quick brown FOX jumps");
    List<String> ref = List.of(CAT_REF, "a quick brown fox jumps over dogs");
    RewriteMetrics.Report r = RewriteMetrics.score(cand, ref);
    // F1 pair 1: [cat, sat, on, mat] vs [cat, is, on, mat] -> 3/4; pair 2: the article "a" goes, [quick brown fox jumps] vs 6 tokens -> P = 1, R = 2/3 -> 0.8
    assertThat(r.examples()).isEqualTo(2);
    assertThat(r.tokenF1()).isCloseTo((0.75 + 0.8) / 2, within(1e-12));
    assertThat(r.bleu()).isEqualTo(RewriteMetrics.corpusBleu(cand, ref));
  }

  @Test
  void rejectsMisalignedInput() {
    assertThatThrownBy(() -> RewriteMetrics.corpusBleu(List.of("a"), List.of("a", "b"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 produced, 2 human");
    assertThatThrownBy(() -> RewriteMetrics.score(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
