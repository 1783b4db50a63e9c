package io.caravan.research.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.caravan.connectors.llama.LlamaGenerator;
import io.caravan.core.Candidate;
import io.caravan.core.document.Document;
import io.caravan.research.eval.qa.HotpotQuestion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generation benchmark's pure parts: the summary arithmetic, the gold contexts, the TSV line. */
class GenerationBenchTest {

  private static GenerationRow row(double em, double f1, double support, boolean flagged, int tokens, int promptTokens, double firstMs, double totalMs) {
    return new GenerationRow("q", "m", "gold", "short", "an answer", em, f1, support, flagged, true, tokens, promptTokens, firstMs, totalMs, 1, 0, 1);
  }

  @Test
  void summarySplitsCorrectnessByTheFaithfulnessFlagAndLeavesUncheckedAnswersOut() {
    GenerationSummary s = GenerationSummary.of(List.of(
        row(1, 1.0, 0.9, false, 3, 100, 1000, 1200),
        row(0, 0.5, 0.2, true, 5, 300, 2000, 2400),
        row(0, 0.0, Double.NaN, false, 1, 200, 1000, 1000),
        row(1, 1.0, 0.8, false, 2, 100, 500, 600)));
    assertThat(s.answers()).isEqualTo(4);
    assertThat(s.em()).isEqualTo(0.5);
    assertThat(s.f1()).isEqualTo(0.625);
    assertThat(s.checked()).isEqualTo(3);
    assertThat(s.flagged()).isEqualTo(1);
    assertThat(s.flagRate()).isCloseTo(1 / 3.0, offset(1e-12));
    assertThat(s.emFlagged()).isEqualTo(0.0);
    assertThat(s.emUnflagged()).isEqualTo(1.0);
    assertThat(s.f1Flagged()).isEqualTo(0.5);
    assertThat(s.f1Unflagged()).isEqualTo(1.0);
    assertThat(s.attributed()).isEqualTo(4);
    assertThat(s.meanTokens()).isEqualTo(2.75);
    // tokens after the first over time after the first token: (2 + 4 + 1) / (0.2 + 0.4 + 0.1) s; the one-token answer is left out
    assertThat(s.generatedTokensPerSecond()).isCloseTo(10.0, offset(1e-9));
    // all prompt tokens over all times to the first token: 700 / 4.5 s
    assertThat(s.promptTokensPerSecond()).isCloseTo(700 / 4.5, offset(1e-9));
    assertThat(s.medianFirstTokenMs()).isEqualTo(1000);
    assertThat(s.medianTotalMs()).isEqualTo(1100);
  }

  @Test
  void anAnswererWithoutTokensOrChecksHasNoRatesRatherThanZeros() {
    GenerationSummary s = GenerationSummary.of(List.of(row(0, 0.2, Double.NaN, false, 0, 0, 1, 1)));
    assertThat(s.flagRate()).isNaN();
    assertThat(s.emFlagged()).isNaN();
    assertThat(s.emUnflagged()).isNaN();
    assertThat(s.generatedTokensPerSecond()).isNaN();
    assertThat(s.promptTokensPerSecond()).isNaN();
    assertThatThrownBy(() -> GenerationSummary.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void goldContextsAreTheSupportingParagraphsWholeAndInOrder() {
    Document a = new Document("hp-a", "Alpha", "Alpha is a band.", Map.of(), "f");
    Document b = new Document("hp-b", "Beta", "Beta was formed in 1990.", Map.of(), "f");
    HotpotQuestion q = new HotpotQuestion("q1", "When was it formed?", List.of("1990"), List.of("hp-b", "hp-a"), List.of("hp-a", "hp-b", "hp-c"));
    List<Candidate> ctx = GenerationCommand.goldContexts(List.of(q), Map.of("hp-a", a, "hp-b", b)).get("q1");
    assertThat(ctx).extracting(Candidate::docId).containsExactly("hp-b", "hp-a");
    assertThat(ctx.get(0).passage().text()).isEqualTo("Beta was formed in 1990.");
    assertThat(ctx.get(0).passage().title()).isEqualTo("Beta");
    assertThat(GenerationCommand.hasAllGold(q, ctx)).isTrue();
    assertThat(GenerationCommand.hasAllGold(q, ctx.subList(0, 1))).isFalse();
    HotpotQuestion missing = new HotpotQuestion("q2", "?", List.of("x"), List.of("hp-z"), List.of("hp-z"));
    assertThatThrownBy(() -> GenerationCommand.goldContexts(List.of(missing), Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hp-z");
  }

  @Test
  void instructionsAreTheGeneratorsOwnAndAnUnknownNameIsRefused() {
    assertThat(GenerationCommand.instruction("short")).isEqualTo(LlamaGenerator.SHORT_ANSWER_INSTRUCTION);
    assertThat(GenerationCommand.instruction("sentence")).isEqualTo(LlamaGenerator.INSTRUCTION);
    assertThatThrownBy(() -> GenerationCommand.instruction("long")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("long");
  }

  @Test
  void aTsvLineKeepsItsColumnsWhenTheAnswerHasTabsOrNewlines() {
    GenerationRow r = new GenerationRow("q", "qwen", "rag", "short", "two\tlines\nhere", 0, 0.25, Double.NaN, false, false, 4, 120, 10.5, 20, 0, 1, 0);
    String[] cols = r.tsv().split("\t", -1);
    assertThat(cols).hasSize(GenerationRow.TSV_HEADER.split("\t").length);
    assertThat(cols[cols.length - 1]).isEqualTo("two lines here");
    assertThat(cols[6]).isEqualTo("NaN");
    assertThat(cols[5]).isEqualTo("0.2500");
  }
}
